using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PlatformBot.Teams.Tests.TestSupport;

/// <summary>
/// A self-signed localhost certificate for the https WireMock server (this machine has no ASP.NET dev certificate).
/// Clients trust exactly this certificate, nothing else. Linked into PlatformBot.Host.Tests as well (MSAL's login).
/// </summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Lazy = new(Create);

    public static X509Certificate2 Localhost => Lazy.Value;

    public static bool IsTrusted(X509Certificate2? presented) =>
        presented is not null && presented.Thumbprint == Localhost.Thumbprint;

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Round-trip through PKCS#12 so Kestrel gets a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
