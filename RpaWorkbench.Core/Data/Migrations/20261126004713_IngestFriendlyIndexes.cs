using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngestFriendlyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_AccountId",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_TaskId",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_CreatedAt",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_HostIp",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_LastHeartbeatAt",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_Status",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_Unregistered",
                table: "Accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_AccountId",
                table: "ExecutionLogs",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_TaskId",
                table: "ExecutionLogs",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_CreatedAt",
                table: "Accounts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_HostIp",
                table: "Accounts",
                column: "HostIp");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LastHeartbeatAt",
                table: "Accounts",
                column: "LastHeartbeatAt");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Status",
                table: "Accounts",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Unregistered",
                table: "Accounts",
                column: "Unregistered");
        }
    }
}
