using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FailureRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FailureMessages",
                columns: table => new
                {
                    MessageHash = table.Column<long>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailureMessages", x => x.MessageHash);
                });

            migrationBuilder.CreateTable(
                name: "FailureRollups",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ShadowBotAccount = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AppName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MessageHash = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailureRollups", x => new { x.Day, x.ShadowBotAccount, x.AppName, x.MessageHash });
                });

            migrationBuilder.CreateIndex(
                name: "IX_FailureRollups_Day_MessageHash_Count_ShadowBotAccount_AppName",
                table: "FailureRollups",
                columns: new[] { "Day", "MessageHash", "Count", "ShadowBotAccount", "AppName" });

            // Forget when the roll-ups were built, so that start-up rebuilds both from the logs: the new tables start
            // empty, and the failures already logged belong in them.
            migrationBuilder.Sql("""DELETE FROM "RollupStates";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FailureMessages");

            migrationBuilder.DropTable(
                name: "FailureRollups");
        }
    }
}
