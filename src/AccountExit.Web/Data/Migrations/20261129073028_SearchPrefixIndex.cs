using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountExit.Web.Data.Migrations
{
    /// <summary>
    /// SearchTerms gains FTS5 prefix indexes of 2 and 3 characters. A Latin word in a query is a prefix ("app" also finds
    /// "apple"), and without a prefix index FTS5 merges the whole posting list of every word that starts with it before
    /// it can return one row (the figures: docs/performance.md, "Measured in the search code"). Chinese tokens are one or two characters, so the 3-character index holds Latin words only.
    /// An FTS5 table cannot change its options, so it is created again, empty, and SearchPassages is emptied with it:
    /// the next import (every start with ImportOnStart, or <c>-- import</c>) finds every published guide missing from
    /// the index and indexes it again, in its own transaction; <c>-- reindex</c> does the same on demand.
    /// </summary>
    public partial class SearchPrefixIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE SearchTerms;");
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE SearchTerms USING fts5(names, headings, body, facets, content='', contentless_delete=1, " +
                "prefix='2 3', tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("DELETE FROM SearchNames;");
            migrationBuilder.Sql("DELETE FROM SearchPassages;");
            migrationBuilder.Sql("UPDATE SearchState SET Generation = Generation + 1 WHERE Id = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE SearchTerms;");
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE SearchTerms USING fts5(names, headings, body, facets, content='', contentless_delete=1, " +
                "tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("DELETE FROM SearchNames;");
            migrationBuilder.Sql("DELETE FROM SearchPassages;");
            migrationBuilder.Sql("UPDATE SearchState SET Generation = Generation + 1 WHERE Id = 1;");
        }
    }
}
