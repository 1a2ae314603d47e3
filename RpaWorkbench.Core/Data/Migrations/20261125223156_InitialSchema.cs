using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShadowBotAccount = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HostIp = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecentApp = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EndTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TaskControl = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    LastHeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    AppName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LastRunTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfigJson = table.Column<string>(type: "TEXT", nullable: true),
                    ConfigFileKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    TriggerTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CronExpression = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tasks_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExecutionLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExecutionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    AppName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ShadowBotAccount = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HostIp = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    TotalItems = table.Column<int>(type: "INTEGER", nullable: false),
                    SuccessItems = table.Column<int>(type: "INTEGER", nullable: false),
                    FailedItems = table.Column<int>(type: "INTEGER", nullable: false),
                    LogInfo = table.Column<bool>(type: "INTEGER", nullable: false),
                    Screenshot = table.Column<bool>(type: "INTEGER", nullable: false),
                    ScreenshotUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LogUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LogContent = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExecutionLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExecutionLogs_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ExecutionLogs_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_CreatedAt",
                table: "Accounts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_EndTime",
                table: "Accounts",
                column: "EndTime");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_HostIp",
                table: "Accounts",
                column: "HostIp");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LastHeartbeatAt",
                table: "Accounts",
                column: "LastHeartbeatAt");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_ShadowBotAccount_HostIp_Port",
                table: "Accounts",
                columns: new[] { "ShadowBotAccount", "HostIp", "Port" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Status",
                table: "Accounts",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_TaskControl",
                table: "Accounts",
                column: "TaskControl",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_AccountId",
                table: "ExecutionLogs",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_AppName_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "AppName", "StartTime" });

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
                column: "ExecutionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_ShadowBotAccount_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "ShadowBotAccount", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_StartTime",
                table: "ExecutionLogs",
                column: "StartTime");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_Status_StartTime",
                table: "ExecutionLogs",
                columns: new[] { "Status", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionLogs_TaskId",
                table: "ExecutionLogs",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_AccountId",
                table: "Tasks",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_AppName",
                table: "Tasks",
                column: "AppName");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CreatedAt",
                table: "Tasks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status",
                table: "Tasks",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_TriggerTime",
                table: "Tasks",
                column: "TriggerTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExecutionLogs");

            migrationBuilder.DropTable(
                name: "Tasks");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
