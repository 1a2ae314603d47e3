using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LogFilterCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_AppName_StartTime",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_ShadowBotAccount_StartTime",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_Status_StartTime",
                table: "ExecutionLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_AppName_StartTime_Id_Status_ShadowBotAccount",
                table: "ExecutionLogs",
                columns: new[] { "AppName", "StartTime", "Id", "Status", "ShadowBotAccount" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_ShadowBotAccount_StartTime_Id_Status_AppName",
                table: "ExecutionLogs",
                columns: new[] { "ShadowBotAccount", "StartTime", "Id", "Status", "AppName" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_Status_StartTime_Id_ShadowBotAccount_AppName",
                table: "ExecutionLogs",
                columns: new[] { "Status", "StartTime", "Id", "ShadowBotAccount", "AppName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_AppName_StartTime_Id_Status_ShadowBotAccount",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_ShadowBotAccount_StartTime_Id_Status_AppName",
                table: "ExecutionLogs");

            migrationBuilder.DropIndex(
                name: "IX_ExecutionLogs_Status_StartTime_Id_ShadowBotAccount_AppName",
                table: "ExecutionLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_AppName_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "AppName", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_ShadowBotAccount_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "ShadowBotAccount", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_Status_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "Status", "StartTime" });
        }
    }
}
