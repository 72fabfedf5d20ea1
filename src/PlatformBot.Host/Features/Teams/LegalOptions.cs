namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Section <c>Legal</c>: what <c>/privacy</c> and <c>/terms</c> answer, the pages the Teams manifest links (privacyUrl,
/// termsOfUseUrl). Each page is a file served by the host or a redirect to an https address; neither is 404.
/// </summary>
public sealed class LegalOptions
{
    public const string Section = "Legal";

    public string? PrivacyFile { get; set; }

    public Uri? PrivacyUrl { get; set; }

    public string? TermsFile { get; set; }

    public Uri? TermsUrl { get; set; }

    /// <summary>Every problem, naming its key: a file and a URL for one page, a missing file, a URL that is not https.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        Check("Privacy", PrivacyFile, PrivacyUrl, errors);
        Check("Terms", TermsFile, TermsUrl, errors);
        return errors;
    }

    private static void Check(string page, string? file, Uri? url, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(file) && url is not null)
        {
            errors.Add($"{Section}:{page}File and {Section}:{page}Url are both set; set one.");
        }

        if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
        {
            errors.Add($"{Section}:{page}File: no file at {Path.GetFullPath(file)}.");
        }

        if (url is not null && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Section}:{page}Url must be an absolute https URL (is {url}).");
        }
    }
}
