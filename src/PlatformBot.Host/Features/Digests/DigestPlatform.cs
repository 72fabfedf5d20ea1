using System.Globalization;
using System.Text;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Access;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

public enum DigestPlatform
{
    Slack,
    Teams,
}
