using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Digests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "digest_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    subscription_id = table.Column<long>(type: "bigint", nullable: false),
                    period_key = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    data_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    claim_token = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    claimed_by = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    claimed_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    completed_at_utc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    message_id = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    channel = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    mode = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    error = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "digest_subscriptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    platform = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    channel_id = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    service_url = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    tenant_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    conversation_id = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    segment = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    region = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    owner = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    csm = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    plan = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    use_case = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    day = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    time = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: false),
                    time_zone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    status_reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    status_changed_at_utc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    skip_when_no_changes = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_subscriptions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_digest_deliveries_status_claimed",
                table: "digest_deliveries",
                columns: new[] { "status", "claimed_at_utc" });

            migrationBuilder.CreateIndex(
                name: "ux_digest_deliveries_subscription_period",
                table: "digest_deliveries",
                columns: new[] { "subscription_id", "period_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_digest_subscriptions_channel",
                table: "digest_subscriptions",
                columns: new[] { "platform", "channel_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_deliveries");

            migrationBuilder.DropTable(
                name: "digest_subscriptions");
        }
    }
}
