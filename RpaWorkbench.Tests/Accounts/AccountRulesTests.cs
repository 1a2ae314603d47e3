using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;

namespace RpaWorkbench.Tests.Accounts;

public class AccountRulesTests
{
    [Theory]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData(" 010.000.001.009 ", "10.0.1.9")]
    [InlineData("::1", "::1")]
    [InlineData("[FD00:0:0:0:0:0:0:15]", "fd00::15")]
    [InlineData("RPA-Finance-01.Corp.Local", "rpa-finance-01.corp.local")]
    [InlineData("robot7", "robot7")]
    public void NormalizeHost_ValidHost_ReturnsCanonicalForm(string host, string expected) =>
        Assert.Equal(expected, AccountRules.NormalizeHost(host));

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("123")]
    [InlineData("-robot.local")]
    [InlineData("robot_1.local")]
    [InlineData("bad host")]
    [InlineData("fe80::1::2")]
    [InlineData("http://robot")]
    [InlineData("robot.123")]
    public void CheckHost_InvalidHost_ReturnsInvalidHost(string host) =>
        Assert.Equal(ErrorCodes.InvalidHost, AccountRules.CheckHost(host)?.Code);

    [Fact]
    public void CheckHost_TooLongName_ReturnsInvalidHost() =>
        Assert.Equal(ErrorCodes.InvalidHost, AccountRules.CheckHost(string.Join('.', Enumerable.Repeat(new string('a', 63), 5)))?.Code);

    [Theory]
    [InlineData(0, ErrorCodes.PortOutOfRange)]
    [InlineData(65536, ErrorCodes.PortOutOfRange)]
    [InlineData(-1, ErrorCodes.PortOutOfRange)]
    [InlineData(null, ErrorCodes.Required)]
    public void CheckPort_OutOfRange_ReturnsCode(int? port, string code) =>
        Assert.Equal(code, AccountRules.CheckPort(port)?.Code);

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void CheckPort_Boundaries_Accepted(int port) => Assert.Null(AccountRules.CheckPort(port));

    [Fact]
    public void CheckAccount_65Characters_TooLong_64Accepted()
    {
        Assert.Equal(ErrorCodes.TooLong, AccountRules.CheckAccount(new string('a', 65))?.Code);
        Assert.Null(AccountRules.CheckAccount(new string('a', 64)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void CheckAccount_Blank_Required(string? account) =>
        Assert.Equal(ErrorCodes.Required, AccountRules.CheckAccount(account)?.Code);

    [Theory]
    [InlineData("tygj001", "192.168.1.10", 8080, "tygj001-192.168.1.10:8080")]
    [InlineData("kefu02", "fd00::15", 18080, "kefu02-[fd00::15]:18080")]
    public void TaskControl_IsAccountHostPort(string account, string host, int port, string expected) =>
        Assert.Equal(expected, AccountRules.TaskControl(account, host, port));
}
