using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TeamsConversationMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "unreachable_reason",
                table: "teams_conversations",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "unreachable_since_utc",
                table: "teams_conversations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "welcomed_at_utc",
                table: "teams_conversations",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "unreachable_reason",
                table: "teams_conversations");

            migrationBuilder.DropColumn(
                name: "unreachable_since_utc",
                table: "teams_conversations");

            migrationBuilder.DropColumn(
                name: "welcomed_at_utc",
                table: "teams_conversations");
        }
    }
}
