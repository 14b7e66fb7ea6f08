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
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
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
    // each member's shard region says which shards and asset entities it holds; a member that does
    // not answer (unreachable, just killed) must not hide the membership: it is shown without them
    // ("assets": null) until it answers
    CompletionStage<Map<Address, Object>> regions = askEveryMember(ShardRegion.getShardRegionStateInstance(),
        "system", "sharding", AssetEntity.TYPE_KEY.name());
    // where the account actor runs: asked of every member, since the one whose singleton manager
    // started it is the one that knows (the oldest by the managers' view, not always by this one's)
    CompletionStage<Optional<Address>> account = askEveryMember(new Identify(accountName), "system",
        "singletonManager" + accountName, accountName).thenApply(answers -> answers.entrySet().stream()
            .filter(e -> ((ActorIdentity) e.getValue()).getActorRef().isPresent()).map(Map.Entry::getKey).findFirst());
    return regions.thenCombine(account, this::render);
  }

  /**
   * Asks the actor at {@code path} (from each member's root) on every up or leaving member; the
   * answers by member, without the members that did not answer in time.
   */
  private CompletionStage<Map<Address, Object>> askEveryMember(Object message, String... path) {
    org.apache.pekko.actor.ActorSystem classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system);
    Map<Address, Object> out = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.List<java.util.concurrent.CompletableFuture<?>> asks = new java.util.ArrayList<>();
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (!hosting(m)) {
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

  /** A member that may host shards and singletons: up, or leaving (handing them off). */
  private static boolean hosting(Member m) {
    return m.status() == MemberStatus.up() || m.status() == MemberStatus.leaving();
  }

  private JsonNode render(Map<Address, Object> regions, Optional<Address> account) {
    Cluster cluster = Cluster.get(system);
    var state = cluster.state();
    ObjectNode doc = NodeViews.JSON.createObjectNode().put("self", cluster.selfMember().address().toString())
        .put("leader", state.getLeader() == null ? null : state.getLeader().toString())
        .put("accountSingleton", account.map(Address::toString).orElse(null));
    ArrayNode members = doc.putArray("members");
    java.util.List<Member> sorted = new java.util.ArrayList<>();
    state.getMembers().forEach(sorted::add);
    sorted.sort(Comparator.comparing(m -> m.address().toString()));
    int entities = 0;
    boolean allAnswered = true;
    for (Member m : sorted) {
      ObjectNode member = members.addObject().put("address", m.address().toString())
          .put("status", m.status().toString().toLowerCase(java.util.Locale.ROOT))
          .put("reachable", !state.getUnreachable().contains(m));
      ArrayNode roles = member.putArray("roles");
      m.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().forEach(roles::add);
      ObjectNode shards = member.putObject("shards");
      ShardRegion.CurrentShardRegionState region = (ShardRegion.CurrentShardRegionState) regions.get(m.address());
      if (region == null) {
        allAnswered &= !hosting(m);
        member.putNull("assets");
        member.putNull("entities");
        continue;
      }
      java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
      java.util.List<String> ids = new java.util.ArrayList<>();
      region.getShards().forEach(shard -> {
        counts.put(shard.shardId(), shard.getEntityIds().size());
        ids.addAll(shard.getEntityIds());
      });
      counts.forEach(shards::put);
      ids.sort(Comparator.naturalOrder());
      member.put("assets", ids.size());
      ids.forEach(member.putArray("entities")::add);
      entities += ids.size();
    }
    if (allAnswered) {
      doc.put("assets", entities);
    } else {
      doc.putNull("assets");
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
