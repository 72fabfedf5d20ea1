using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChurnAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "end_date",
                table: "subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "archived_at_utc",
                table: "accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_archived_at_utc",
                table: "accounts",
                column: "archived_at_utc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_archived_at_utc",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "end_date",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "archived_at_utc",
                table: "accounts");
        }
    }
}
