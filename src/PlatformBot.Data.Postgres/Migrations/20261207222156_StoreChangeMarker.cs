using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlatformBot.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StoreChangeMarker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "store_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    accounts_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_store_version", x => x.id);
                    table.CheckConstraint("ck_store_version_one_row", "id = 1");
                });

            migrationBuilder.InsertData(
                table: "store_version",
                columns: new[] { "id", "accounts_version", "version" },
                values: new object[] { 1, 0L, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "store_version");
        }
    }
}
