using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RpaWorkbench.Migrations.PostgreSql.Migrations
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
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dify_BaseUrl",
                table: "Tasks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Dify_MaxConcurrency",
                table: "Tasks",
                type: "integer",
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
