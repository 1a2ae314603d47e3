using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>
/// One-time set-up: while no user exists, whoever opens the Workbench first creates the first admin and is signed in.
/// Once a user exists the page sends people to the sign-in page; a late submit is refused by the Core.
/// </summary>
public partial class Setup
{
    private bool _alreadySetUp;

    [Inject] public required UserService Users { get; init; }
    [Inject] public required UserManager<WorkbenchUser> UserManager { get; init; }
    [Inject] public required SignInManager<WorkbenchUser> SignInManager { get; init; }
    [Inject] public required IOptions<IdentityOptions> Identity { get; init; }

    [SupplyParameterFromForm(FormName = "setup")] private SetupInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new SetupInput();
        if (IsGet && await Users.AnyUsersAsync(Aborted))
        {
            Navigation.NavigateTo(SecuritySetup.SignInPath);
        }
    }

    private async Task CreateAdminAsync()
    {
        try
        {
            var admin = await Users.CreateFirstAdminAsync(
                new NewUser(Input!.UserName, Input.DisplayName, Input.Password, Input.ConfirmPassword), Aborted);
            var user = await UserManager.FindByIdAsync(admin.Id)
                       ?? throw new InvalidOperationException("The admin just created could not be read back.");
            await SignInManager.SignInAsync(user, isPersistent: false);
            Navigation.NavigateTo("/");
        }
        catch (ValidationFailedException ex)
        {
            Show(ex);
        }
        catch (RuleViolationException ex)
        {
            FormError = L.Describe(ex);
            _alreadySetUp = ex.Code == ErrorCodes.AlreadySetUp;
        }
    }

    private sealed class SetupInput
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
        public string? ConfirmPassword { get; set; }
    }
}
