using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountExit.Web.Data.Migrations
{
    /// <summary>
    /// The search index (docs/search.md), kept out of the EF model: SearchIndex reads and writes it with SQL.
    /// SearchTerms is contentless (the tokenised text is not stored twice) and holds only published guides, with their
    /// category and difficulty as tokens in the facets column, so a search never has to read the wide Guides rows;
    /// SearchNames repeats just the names, whose short posting lists rank name matches first cheaply even when the
    /// query also matches every guide's text; SearchPassages holds the plain text that
    /// snippets quote; SearchState's generation tells servers to reload their in-memory names. The first import
    /// after this migration fills the index (SearchIndex.StaleSlugsAsync finds every guide missing from it).
    /// </summary>
    public partial class AddSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE SearchTerms USING fts5(names, headings, body, facets, content='', contentless_delete=1, " +
                "tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE SearchNames USING fts5(names, facets, content='', contentless_delete=1, " +
                "tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql(
                "CREATE TABLE SearchPassages (GuideId INTEGER NOT NULL PRIMARY KEY REFERENCES Guides (Id) ON DELETE CASCADE, " +
                "Version INTEGER NOT NULL, Text TEXT NOT NULL);");
            migrationBuilder.Sql("CREATE TABLE SearchState (Id INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1), Generation INTEGER NOT NULL);");
            migrationBuilder.Sql("INSERT INTO SearchState (Id, Generation) VALUES (1, 0);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE SearchState;");
            migrationBuilder.Sql("DROP TABLE SearchPassages;");
            migrationBuilder.Sql("DROP TABLE SearchNames;");
            migrationBuilder.Sql("DROP TABLE SearchTerms;");
        }
    }
}
