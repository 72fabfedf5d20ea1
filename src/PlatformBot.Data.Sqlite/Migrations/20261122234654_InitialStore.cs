using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    name_key = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    segment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    csm = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    updated_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.account_id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    surface = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instances",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subscription_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instance_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    last_snapshot_date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instances", x => x.instance_id);
                });

            migrationBuilder.CreateTable(
                name: "metric_columns",
                columns: table => new
                {
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_columns", x => x.ordinal);
                });

            migrationBuilder.CreateTable(
                name: "score_snapshots",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    model_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    arr_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    adoption_score = table.Column<int>(type: "INTEGER", nullable: true),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    use_cases = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    license_utilization = table.Column<double>(type: "REAL", nullable: true),
                    product_usage_score = table.Column<double>(type: "REAL", nullable: true),
                    data_as_of = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    computed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_score_snapshots", x => new { x.account_id, x.as_of });
                });

            migrationBuilder.CreateTable(
                name: "usage_rows",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    snapshot_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    subscription_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instance_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    metrics = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rows", x => new { x.instance_id, x.snapshot_date });
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    subscription_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    account_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    plan = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    arr_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    delivery = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    customer_since = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    updated_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.subscription_id);
                    table.ForeignKey(
                        name: "FK_subscriptions_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "account_id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_csm",
                table: "accounts",
                column: "csm");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_name_key",
                table: "accounts",
                column: "name_key");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner",
                table: "accounts",
                column: "owner");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at_utc",
                table: "audit_entries",
                column: "at_utc");

            migrationBuilder.CreateIndex(
                name: "ix_instances_subscription_id",
                table: "instances",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ux_metric_columns_name",
                table: "metric_columns",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_score_snapshots_as_of",
                table: "score_snapshots",
                column: "as_of");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_account_id",
                table: "subscriptions",
                column: "account_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "instances");

            migrationBuilder.DropTable(
                name: "metric_columns");

            migrationBuilder.DropTable(
                name: "score_snapshots");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "usage_rows");

            migrationBuilder.DropTable(
                name: "accounts");
        }
    }
}
