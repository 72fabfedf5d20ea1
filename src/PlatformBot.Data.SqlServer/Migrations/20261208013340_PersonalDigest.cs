using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.SqlServer.Migrations
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
                type: "nvarchar(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "personal_choice",
                table: "digest_subscriptions",
                type: "bit",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_digest_subscriptions_person",
                table: "digest_subscriptions",
                column: "person_key",
                unique: true,
                filter: "[person_key] IS NOT NULL");
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
