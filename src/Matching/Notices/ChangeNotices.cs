namespace ClausesSociales.Notices;

/// <summary>
/// A change notice may correct a notice but not move it to another procedure or buyer: those
/// changes are defects, visible only next to the notice it changes.
/// </summary>
public static class ChangeNotices
{
    /// <summary>The notice id a change notice names, without its "-01" version suffix.</summary>
    public static string? ParentId(Notice change) =>
        change.ChangedNoticeId is { Length: > 3 } id && id[^3] == '-' ? id[..^3] : change.ChangedNoticeId;

    public static IReadOnlyList<string> Check(Notice change, string? parentFolderId, string? parentBuyerKind)
    {
        var defects = new List<string>();
        if (parentFolderId is not null && change.ContractFolderId is not null && parentFolderId != change.ContractFolderId)
        {
            defects.Add($"change notice moves the procedure identifier (BT-04) from {parentFolderId} to {change.ContractFolderId}, which cannot be changed");
        }
        if (parentBuyerKind is not null && change.Buyer.Kind is not null && parentBuyerKind != change.Buyer.Kind)
        {
            defects.Add($"change notice changes the buyer legal type (BT-11) from {parentBuyerKind} to {change.Buyer.Kind}, which cannot be changed");
        }
        return defects;
    }
}
