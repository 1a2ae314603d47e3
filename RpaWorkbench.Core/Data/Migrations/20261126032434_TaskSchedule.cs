using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ScheduledThrough",
                table: "Tasks",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScheduledThrough",
                table: "Tasks");
        }
    }
}
