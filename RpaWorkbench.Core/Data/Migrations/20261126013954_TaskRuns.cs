using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CurrentRunId",
                table: "Tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RunStartedAt",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "RunTimeout",
                table: "Tasks",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CurrentRunId",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "RunStartedAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "RunTimeout",
                table: "Tasks");
        }
    }
}
