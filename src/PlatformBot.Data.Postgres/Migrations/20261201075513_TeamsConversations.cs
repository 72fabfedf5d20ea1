using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PlatformBot.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TeamsConversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "teams_conversations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    conversation_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    service_url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    bot_channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    conversation_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    is_group = table.Column<bool>(type: "boolean", nullable: true),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    bot_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    bot_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    user_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    user_aad_object_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    team_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    teams_channel_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_teams_conversations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_teams_conversations_channel",
                table: "teams_conversations",
                column: "teams_channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_teams_conversations_team",
                table: "teams_conversations",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ux_teams_conversations_conversation",
                table: "teams_conversations",
                column: "conversation_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "teams_conversations");
        }
    }
}
