namespace IntegrationHub.Storage.Backup;

/// <summary>
/// A backup or restore that cannot go ahead. <see cref="IsInputProblem"/> is true when the operator must change
/// something (a damaged file, a non-empty target without force, a backup from another engine or a newer build),
/// false when a tool or the database failed. Messages never carry a password.
/// </summary>
public sealed class BackupException(string message, bool isInputProblem, Exception? inner = null) : Exception(message, inner)
{
    public bool IsInputProblem { get; } = isInputProblem;
}
