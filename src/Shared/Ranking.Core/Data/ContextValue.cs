namespace Ranking.Core.Data;

/// <summary>A request context value: a string or a finite number.</summary>
public readonly record struct ContextValue
{
    private ContextValue(string? text, double number)
    {
        Text = text;
        Number = number;
    }

    public string? Text { get; }
    public double Number { get; }
    public bool IsNumber => Text is null;

    public static ContextValue Of(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), 0);
    public static ContextValue Of(double number) => new(null, number);
}
