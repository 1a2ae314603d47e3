using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeanerIngestIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Run keys are now the first 128 bits of the same SHA-256: keep stored runs deduplicating.
            migrationBuilder.Sql("UPDATE \"ExecutionLogs\" SET \"DedupKey\" = substr(\"DedupKey\", 1, 32) WHERE length(\"DedupKey\") > 32;");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_CreatedAt",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_EndTime",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_ExecutionId",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_EndTime",
                table: "Accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_CreatedAt",
                table: "ExecutionLogs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_EndTime",
                table: "ExecutionLogs",
                column: "EndTime");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_ExecutionId",
                table: "ExecutionLogs",
                column: "ExecutionId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_EndTime",
                table: "Accounts",
                column: "EndTime");
        }
    }
}
