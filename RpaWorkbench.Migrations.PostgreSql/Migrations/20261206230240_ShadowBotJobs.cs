using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Migrations.PostgreSql.Migrations
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_ExecuteScope",
                table: "Tasks",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_FileParam",
                table: "Tasks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_GroupUuid",
                table: "Tasks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_Priority",
                table: "Tasks",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBot_RobotUuid",
                table: "Tasks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ShadowBot_WaitTimeoutSeconds",
                table: "Tasks",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outputs",
                table: "ExecutionLogs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBotJobUuid",
                table: "ExecutionLogs",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShadowBotStatus",
                table: "Accounts",
                type: "character varying(16)",
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
