package io.fundarb.ops.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.actors.asset.AssetEntity;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;

/**
 * The cluster as the admin API shows it ({@code GET /cluster}) and steers it ({@code POST
 * /cluster/members/{address}/leave}): every member with its roles, status and reachability, the
 * asset shards it hosts with their entity counts, the asset entities by id, and which member runs
 * the account singleton (the member whose singleton manager has it running: asked, not inferred).
 */
final class ClusterView {
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  /** The account singleton's name (its manager is {@code singletonManager<name>} under /system). */
  private final String accountName;

  ClusterView(ActorSystem<?> system, String accountName) {
    this.system = system;
    this.accountName = accountName;
  }

  CompletionStage<JsonNode> document() {
    CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        reply -> new GetClusterShardingStats(AssetEntity.TYPE_KEY, STATS_TIMEOUT, reply), STATS_TIMEOUT.plusSeconds(1),
        system.scheduler());
    // a member that does not answer (unreachable, just killed) must not hide the membership: the
    // members are shown without their shard counts ("assets": null) until the regions answer
    CompletionStage<Map<Address, java.util.List<String>>> entities = askEveryMember(
        ShardRegion.getShardRegionStateInstance(), "system", "sharding", AssetEntity.TYPE_KEY.name())
        .thenApply(answers -> {
          Map<Address, java.util.List<String>> ids = new java.util.HashMap<>();
          answers.forEach((member, answer) -> ids.put(member, ((ShardRegion.CurrentShardRegionState) answer)
              .getShards().stream().flatMap(shard -> shard.getEntityIds().stream()).sorted().toList()));
          return ids;
        });
    // where the account actor runs: asked of every member, since the one whose singleton manager
    // started it is the one that knows (the oldest by the managers' view, not always by this one's)
    CompletionStage<Optional<Address>> account = askEveryMember(new Identify(accountName), "system",
        "singletonManager" + accountName, accountName).thenApply(answers -> answers.entrySet().stream()
            .filter(e -> ((ActorIdentity) e.getValue()).getActorRef().isPresent()).map(Map.Entry::getKey).findFirst());
    return stats.handle((answered, failed) -> answered).thenCombine(entities, Answers::new)
        .thenCombine(account, (answers, host) -> render(answers.stats(), answers.entities(), host));
  }

  private record Answers(ShardRegion.ClusterShardingStats stats, Map<Address, java.util.List<String>> entities) {}

  /**
   * Asks the actor at {@code path} (from each member's root) on every up or leaving member; the
   * answers by member, without the members that did not answer in time.
   */
  private CompletionStage<Map<Address, Object>> askEveryMember(Object message, String... path) {
    org.apache.pekko.actor.ActorSystem classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system);
    Map<Address, Object> out = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.List<java.util.concurrent.CompletableFuture<?>> asks = new java.util.ArrayList<>();
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.status() != MemberStatus.up() && m.status() != MemberStatus.leaving()) {
        continue;
      }
      org.apache.pekko.actor.ActorPath at = org.apache.pekko.actor.RootActorPath.apply(m.address(), "/");
      for (String element : path) {
        at = at.$div(element);
      }
      asks.add(org.apache.pekko.pattern.Patterns.ask(classic.actorSelection(at), message, STATS_TIMEOUT)
          .thenAccept(answer -> out.put(m.address(), answer)).toCompletableFuture());
    }
    return java.util.concurrent.CompletableFuture.allOf(asks.toArray(java.util.concurrent.CompletableFuture[]::new))
        .handle((done, failed) -> out);
  }

  private JsonNode render(ShardRegion.ClusterShardingStats stats, Map<Address, java.util.List<String>> hostedIds,
      Optional<Address> account) {
    Cluster cluster = Cluster.get(system);
    var state = cluster.state();
    ObjectNode doc = NodeViews.JSON.createObjectNode().put("self", cluster.selfMember().address().toString())
        .put("leader", state.getLeader() == null ? null : state.getLeader().toString())
        .put("accountSingleton", account.map(Address::toString).orElse(null));
    ArrayNode members = doc.putArray("members");
    Map<Address, ShardRegion.ShardRegionStats> regions = stats == null ? Map.of() : stats.getRegions();
    java.util.List<Member> sorted = new java.util.ArrayList<>();
    state.getMembers().forEach(sorted::add);
    sorted.sort(Comparator.comparing(m -> m.address().toString()));
    int entities = 0;
    for (Member m : sorted) {
      ObjectNode member = members.addObject().put("address", m.address().toString())
          .put("status", m.status().toString().toLowerCase(java.util.Locale.ROOT))
          .put("reachable", !state.getUnreachable().contains(m));
      ArrayNode roles = member.putArray("roles");
      m.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().forEach(roles::add);
      ShardRegion.ShardRegionStats region = regions.get(m.address());
      int hosted = 0;
      ObjectNode shards = member.putObject("shards");
      if (region != null) {
        for (Map.Entry<String, Object> shard : new java.util.TreeMap<>(region.getStats()).entrySet()) {
          int count = ((Number) shard.getValue()).intValue();
          shards.put(shard.getKey(), count);
          hosted += count;
        }
      }
      if (stats == null) {
        member.putNull("assets");
      } else {
        member.put("assets", hosted);
      }
      java.util.List<String> ids = hostedIds.get(m.address());
      if (ids == null) {
        member.putNull("entities");
      } else {
        ids.forEach(member.putArray("entities")::add);
      }
      entities += hosted;
    }
    if (stats == null) {
      doc.putNull("assets");
    } else {
      doc.put("assets", entities);
    }
    return doc;
  }

  /**
   * Asks {@code address} (a member address, or its {@code host:port}) to leave gracefully: its
   * shards and the singleton move first, then it goes; empty when no member has that address.
   */
  Optional<String> leave(String address) {
    Address self = Cluster.get(system).selfMember().address();
    String full = address.contains("://") ? address : self.protocol() + "://" + self.system() + "@" + address;
    Address target;
    try {
      target = AddressFromURIString.parse(full);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a member address: '" + address + "' (e.g. pekko://fundarb@127.0.0.1:2552)");
    }
    boolean member = java.util.stream.StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(),
        false).anyMatch(m -> m.address().equals(target));
    if (!member) {
      return Optional.empty();
    }
    Cluster.get(system).manager().tell(Leave.create(target));
    return Optional.of(target.toString());
  }
}
