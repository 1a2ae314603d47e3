using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DifyWorkflowTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Dify_ApiKeyProtected",
                table: "Tasks",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dify_BaseUrl",
                table: "Tasks",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Dify_MaxConcurrency",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Dify_ApiKeyProtected",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Dify_BaseUrl",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Dify_MaxConcurrency",
                table: "Tasks");
        }
    }
}
