using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccountExit.Web.Search.PostgreSql;

/// <summary>
/// Every transaction this process commits on PostgreSQL may have written the search index (a publish, an import, a
/// reindex): the next search reads the generation again rather than trust its last reading (<see cref="SearchIndex.HeardOfChange"/>),
/// so an instance always searches what it has itself just committed. Other instances hear of it by notification.
/// </summary>
public sealed class CommitWatcher(SearchIndex search) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        search.HeardOfChange();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        search.HeardOfChange();
        return Task.CompletedTask;
    }
}
