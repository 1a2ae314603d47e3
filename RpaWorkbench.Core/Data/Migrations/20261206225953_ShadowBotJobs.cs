using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShadowBotJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CurrentJobUuid",
                table: "Tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_ExecuteScope",
                table: "Tasks",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_FileParam",
                table: "Tasks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_GroupUuid",
                table: "Tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_Priority",
                table: "Tasks",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_RobotUuid",
                table: "Tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ShadowBot_WaitTimeoutSeconds",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outputs",
                table: "ExecutionLogs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBotJobUuid",
                table: "ExecutionLogs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBotStatus",
                table: "Accounts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CurrentJobUuid",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_ExecuteScope",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_FileParam",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_GroupUuid",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_Priority",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_RobotUuid",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ShadowBot_WaitTimeoutSeconds",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Outputs",
                table: "ExecutionLogs");

            migrationBuilder.DropColumn(
                name: "ShadowBotJobUuid",
                table: "ExecutionLogs");

            migrationBuilder.DropColumn(
                name: "ShadowBotStatus",
                table: "Accounts");
        }
    }
}
