using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountExit.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddReaderReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReaderReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GuideSlug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FormId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ResolvedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ResolutionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReaderReports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReaderReports_FormId",
                table: "ReaderReports",
                column: "FormId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReaderReports_GuideSlug_Kind_ResolvedAtUtc",
                table: "ReaderReports",
                columns: new[] { "GuideSlug", "Kind", "ResolvedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReaderReports_ResolvedAtUtc_CreatedAtUtc",
                table: "ReaderReports",
                columns: new[] { "ResolvedAtUtc", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReaderReports");
        }
    }
}
