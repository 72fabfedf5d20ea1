namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// An amount of money and its currency (an ISO 4217 code, <see cref="DisplayOptions.Currency"/>). ARR travels in
/// answers as Money, not as a bare number, so every surface writes it the same way (<see cref="Figures.Money"/>).
/// </summary>
public readonly record struct Money(decimal Amount, string Currency);
