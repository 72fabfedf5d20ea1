using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDigest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "person_key",
                table: "digest_subscriptions",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "personal_choice",
                table: "digest_subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_digest_subscriptions_person",
                table: "digest_subscriptions",
                column: "person_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_digest_subscriptions_person",
                table: "digest_subscriptions");

            migrationBuilder.DropColumn(
                name: "person_key",
                table: "digest_subscriptions");

            migrationBuilder.DropColumn(
                name: "personal_choice",
                table: "digest_subscriptions");
        }
    }
}
