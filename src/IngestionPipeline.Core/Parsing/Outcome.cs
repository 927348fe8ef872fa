using System.Diagnostics.CodeAnalysis;

namespace IngestionPipeline.Core.Parsing;

/// <summary>Either a value or a <see cref="Rejection"/>: bad input is a result, not an exception.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Rejection? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    public T? Value { get; }

    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsSuccess => Rejection is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Reject(string reasonCode, string reason) => new(default, new Rejection(reasonCode, reason));

    public static Outcome<T> Reject(Rejection rejection) => new(default, rejection);

    public static implicit operator Outcome<T>(Rejection rejection) => new(default, rejection);
}
