using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SourceRunsAndInstanceMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "instance_map",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    subscription_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instance_map", x => x.instance_id);
                });

            migrationBuilder.CreateTable(
                name: "source_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    source = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    started_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    finished_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    row_count = table.Column<long>(type: "bigint", nullable: false),
                    outcome = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    error = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_instance_map_subscription_id",
                table: "instance_map",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_source_runs_source_id",
                table: "source_runs",
                columns: new[] { "source", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instance_map");

            migrationBuilder.DropTable(
                name: "source_runs");
        }
    }
}
