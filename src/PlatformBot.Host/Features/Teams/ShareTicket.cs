using System.Security.Cryptography;
using System.Text;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// The proof on a card's Share action that the bot itself offered it: an HMAC over the account, the thread the copy
/// goes to and the user the card was sent to, keyed from the bot's app password. Without it anybody in the tenant
/// could craft an Action.Submit that makes the bot post a card into any conversation it is in. The ticket does not
/// expire: a card shared later still goes where it was offered.
/// </summary>
public static class ShareTicket
{
    public static string Sign(string secret, string accountId, string thread, string userId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("platformbot-share:" + secret));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n', accountId, thread, userId)));
        return Convert.ToBase64String(mac);
    }

    public static bool Verify(string secret, string accountId, string thread, string userId, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, accountId, thread, userId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(ticket));
    }
}
