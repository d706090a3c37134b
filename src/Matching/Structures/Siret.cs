namespace ClausesSociales.Structures;

/// <summary>SIRET numbers: 14 digits with a Luhn check digit (La Poste's establishments use a digit sum multiple of 5).</summary>
public static class Siret
{
    public static string Normalize(string? text) => new((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '.').ToArray());

    /// <summary>As the French read it, SIREN by threes then the establishment's five digits, on one line: "900 123 456 00007". Anything else as it is.</summary>
    public static string InFrench(string siret) =>
        siret.Length == 14 && siret.All(char.IsAsciiDigit) ? $"{siret[..3]}\u00A0{siret[3..6]}\u00A0{siret[6..9]}\u00A0{siret[9..]}" : siret;

    public static bool IsValid(string siret)
    {
        if (siret.Length != 14 || !siret.All(char.IsAsciiDigit)) return false;
        if (siret.StartsWith("356000000", StringComparison.Ordinal)) return siret.Sum(c => c - '0') % 5 == 0;
        return Luhn(siret);
    }

    /// <summary>A SIREN (the company's 9 digits) with its Luhn check digit right.</summary>
    public static bool IsValidSiren(string siren) => siren.Length == 9 && siren.All(char.IsAsciiDigit) && Luhn(siren);

    private static bool Luhn(string number)
    {
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var d = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
