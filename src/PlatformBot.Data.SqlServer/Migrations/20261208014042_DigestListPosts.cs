using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DigestListPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "digest_list_posts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    platform = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    thread = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: false),
                    list_key = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    posted_by = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    posted_at_utc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_list_posts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_digest_list_posts_posted_at",
                table: "digest_list_posts",
                column: "posted_at_utc");

            migrationBuilder.CreateIndex(
                name: "ux_digest_list_posts_thread_list",
                table: "digest_list_posts",
                columns: new[] { "platform", "thread", "list_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_list_posts");
        }
    }
}
