package dev.berth.controlplane.persistence;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Lists models, configurations or endpoints one page at a time with keyset pagination: a page
 * starts strictly after the previous page's last (sort value, id), so rows created or deleted
 * between pages never shift what the next page returns.
 */
public final class ResourceLister {
  private ResourceLister() {}

  /** One page of rows, plus one extra row if there are more (callers drop it and make a token). */
  public static <T extends NamedResourceRow> Uni<List<T>> page(
      Mutiny.Session session, Class<T> type, String account, String region, ListQuery q) {
    StringBuilder hql =
        new StringBuilder("from ")
            .append(type.getSimpleName())
            .append(" where accountId = :a and region = :r");
    if (q.nameContains() != null) {
      hql.append(" and nameKey like :nc");
    }
    if (q.creationTimeBefore() != null) {
      hql.append(" and creationTime < :cb");
    }
    if (q.creationTimeAfter() != null) {
      hql.append(" and creationTime >= :ca");
    }
    if (q.lastModifiedTimeBefore() != null) {
      hql.append(" and lastModifiedTime < :mb");
    }
    if (q.lastModifiedTimeAfter() != null) {
      hql.append(" and lastModifiedTime >= :ma");
    }
    if (q.statusEquals() != null) {
      hql.append(" and status = :st");
    }
    String field = q.sortBy().field();
    String cmp = q.ascending() ? ">" : "<";
    if (q.after() != null) {
      hql.append(" and (")
          .append(field)
          .append(' ')
          .append(cmp)
          .append(" :k or (")
          .append(field)
          .append(" = :k and id ")
          .append(cmp)
          .append(" :id))");
    }
    String dir = q.ascending() ? " asc" : " desc";
    hql.append(" order by ").append(field).append(dir).append(", id").append(dir);

    var query =
        session
            .createSelectionQuery(hql.toString(), type)
            .setParameter("a", account)
            .setParameter("r", region)
            .setMaxResults(q.maxResults() + 1);
    if (q.nameContains() != null) {
      // NameContains allows only [a-zA-Z0-9-], so it holds no LIKE wildcards to escape.
      query.setParameter("nc", "%" + q.nameContains().toLowerCase(Locale.ROOT) + "%");
    }
    if (q.creationTimeBefore() != null) {
      query.setParameter("cb", q.creationTimeBefore());
    }
    if (q.creationTimeAfter() != null) {
      query.setParameter("ca", q.creationTimeAfter());
    }
    if (q.lastModifiedTimeBefore() != null) {
      query.setParameter("mb", q.lastModifiedTimeBefore());
    }
    if (q.lastModifiedTimeAfter() != null) {
      query.setParameter("ma", q.lastModifiedTimeAfter());
    }
    if (q.statusEquals() != null) {
      query.setParameter("st", q.statusEquals());
    }
    if (q.after() != null) {
      query.setParameter("k", sortValue(q.sortBy(), q.after().sortValue()));
      query.setParameter("id", q.after().id());
    }
    return query.getResultList();
  }

  /** The position a next page starts after, for {@code row} as the last row of this page. */
  public static ListQuery.Position positionOf(ListQuery.SortKey sortBy, NamedResourceRow row) {
    String value =
        switch (sortBy) {
          case Name -> row.name().toLowerCase(Locale.ROOT);
          case CreationTime -> Long.toString(row.creationTime().toEpochMilli());
          case Status -> ((EndpointEntity) row).status;
        };
    return new ListQuery.Position(value, row.id());
  }

  private static Object sortValue(ListQuery.SortKey sortBy, String text) {
    return sortBy == ListQuery.SortKey.CreationTime
        ? Instant.ofEpochMilli(Long.parseLong(text))
        : text;
  }
}
