package io.fundarb.models.ppo;

import java.util.function.Consumer;

import java.util.ArrayList;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Proximal Policy Optimisation on DJL: clipped surrogate objective, GAE(lambda) advantages
 * normalised per minibatch, optionally clipped value loss, entropy bonus, global gradient-norm
 * clipping, several minibatch passes per rollout with early stop on approximate KL, linear
 * learning-rate decay, and running observation normalisation.
 *
 * <p>All sampling and shuffling use a seeded Java random stream, Java-side math uses
 * {@link StrictMath} (bit-identical whether interpreted or JIT-compiled), and PyTorch runs
 * single-threaded with a seeded initialisation, so a run is reproducible from its seed. Every NDArray of a
 * rollout step or minibatch lives in a sub-manager closed right after it, and gradient handles
 * are closed explicitly, so memory stays flat over long runs.
 */
public final class PpoTrainer implements AutoCloseable {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
  private static final float MAX_LOG_RATIO = 20f;

  private final VectorEnvironment env;
  private final PpoConfig config;
  private final PolicyHead head;
  private final ActorCritic model;
  private final ObservationNormalizer normalizer;
  private final Optimizer optimizer;
  private final SplittableRandom random;
  private final RolloutBuffer buffer;
  private final int observationSize;
  private final float[] current;
  private final float[] normalized;
  private final float[] policyOut;
  private final float[] values;
  private final float[] actions;
  private final float[] envActions;
  private final float[] rewards;
  private final boolean[] dones;
  private volatile float learningRate;
  private long envSteps;
  private final long started = System.nanoTime();

  public PpoTrainer(VectorEnvironment env, PolicyHead head, PpoConfig config) {
    this(env, head, config, null);
  }

  /** @param prior initial policy-head bias (see {@link ActorCritic}), or null */
  public PpoTrainer(VectorEnvironment env, PolicyHead head, PpoConfig config, float[] prior) {
    this.env = env;
    this.config = config;
    this.head = head;
    DjlRuntime.start(config.seed());
    this.observationSize = env.observationSize();
    this.model = new ActorCritic(observationSize, config.hidden(), head, config.initialLogStd(), prior);
    this.normalizer = new ObservationNormalizer(observationSize);
    this.learningRate = config.learningRate();
    this.optimizer = Optimizer.adam().optLearningRateTracker((id, update) -> learningRate).build();
    this.random = new SplittableRandom(config.seed());
    int n = env.size();
    this.buffer = new RolloutBuffer(config.rolloutSteps(), n, observationSize, head.actionSize());
    this.current = new float[n * observationSize];
    this.normalized = new float[n * observationSize];
    this.policyOut = new float[n * head.outputs()];
    this.values = new float[n];
    this.actions = new float[n * head.actionSize()];
    this.envActions = new float[n * head.actionSize()];
    this.rewards = new float[n];
    this.dones = new boolean[n];
    env.reset(current);
  }

  public ActorCritic model() {
    return model;
  }

  public ObservationNormalizer normalizer() {
    return normalizer;
  }

  /** Runs {@code epochs} epochs, handing each epoch's figures to {@code each} as it ends; returns them all. */
  public List<EpochStats> train(int epochs, Consumer<EpochStats> each) {
    List<EpochStats> history = new ArrayList<>(epochs);
    for (int epoch = 0; epoch < epochs; epoch++) {
      EpochStats stats = trainEpoch(epoch, epochs);
      history.add(stats);
      each.accept(stats);
    }
    return history;
  }

  /** Collects one rollout and updates the networks on it; {@code epoch} of {@code total} sets the learning rate. */
  public EpochStats trainEpoch(int epoch, int total) {
    learningRate = config.learningRate()
        * (float) (1 - (1 - config.finalLearningRateFraction()) * epoch / (double) Math.max(1, total));
    long begin = System.nanoTime();
    collectRollout();
    double meanReturn = env.takeMeanFinishedReturn();
    UpdateResult update = update();
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new EpochStats(epoch, envSteps, meanReturn, update.policyLoss, update.valueLoss, update.entropy, update.kl,
        update.clipFraction, buffer.explainedVariance(), learningRate, update.passes, update.skipped, buffer.size() / seconds,
        (System.nanoTime() - started) / 1e9);
  }

  private void collectRollout() {
    int n = env.size();
    int d = observationSize;
    int a = head.actionSize();
    float[] logStd = model.logStd(); // fixed for the whole rollout: the update comes after it
    for (int t = 0; t < config.rolloutSteps(); t++) {
      prepare(current, n);
      model.act(normalized, n, policyOut, values);
      int base = t * n;
      System.arraycopy(normalized, 0, buffer.observations, base * d, n * d);
      for (int e = 0; e < n; e++) {
        buffer.logProbs[base + e] = (float) sample(e, logStd);
        buffer.values[base + e] = values[e];
      }
      System.arraycopy(actions, 0, buffer.actions, base * a, n * a);
      env.step(envActions, current, rewards, dones);
      System.arraycopy(rewards, 0, buffer.rewards, base, n);
      System.arraycopy(dones, 0, buffer.dones, base, n);
      envSteps += n;
    }
    prepare(current, n);
    float[] lastValues = new float[n];
    model.act(normalized, n, policyOut, lastValues);
    buffer.computeAdvantages(lastValues, config.gamma(), config.lambda());
  }

  /** Copies raw observations into {@code normalized}, updating the running statistics first. */
  private void prepare(float[] raw, int rows) {
    System.arraycopy(raw, 0, normalized, 0, rows * observationSize);
    if (config.normalizeObservations()) {
      normalizer.update(raw, rows);
      normalizer.normalize(normalized, rows);
    }
  }

  /** Samples environment {@code e}'s action into {@code actions}/{@code envActions}; returns its log-probability. */
  private double sample(int e, float[] logStd) {
    if (head instanceof PolicyHead.Gaussian g) {
      double logp = 0;
      for (int j = 0; j < g.dimensions(); j++) {
        double mean = policyOut[e * g.dimensions() + j];
        double std = StrictMath.exp(logStd[j]);
        double x = mean + std * random.nextGaussian();
        actions[e * g.dimensions() + j] = (float) x;
        envActions[e * g.dimensions() + j] = (float) Math.max(g.low(), Math.min(g.high(), x));
        double z = (x - mean) / std;
        logp += -0.5 * z * z - logStd[j] - 0.5 * LOG_2PI;
      }
      return logp;
    }
    int k = head.outputs();
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, policyOut[e * k + j]);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += StrictMath.exp(policyOut[e * k + j] - max);
    }
    double u = random.nextDouble() * sum;
    int choice = k - 1;
    for (int j = 0; j < k; j++) {
      u -= StrictMath.exp(policyOut[e * k + j] - max);
      if (u <= 0) {
        choice = j;
        break;
      }
    }
    actions[e] = choice;
    envActions[e] = choice;
    return policyOut[e * k + choice] - max - StrictMath.log(sum);
  }

  private record UpdateResult(double policyLoss, double valueLoss, double entropy, double kl, double clipFraction,
      int passes, int skipped) {}

  private UpdateResult update() {
    int total = buffer.size();
    int batch = Math.min(config.minibatch(), total);
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    double policySum = 0;
    double valueSum = 0;
    double entropySum = 0;
    double klSum = 0;
    double clipSum = 0;
    int skipped = 0;
    int steps = 0;
    int passes = 0;
    boolean stop = false;
    List<Parameter> parameters = model.parameters();
    for (int pass = 0; pass < config.updateEpochs() && !stop; pass++) {
      passes++;
      shuffle(order);
      double passKl = 0;
      int passSteps = 0;
      for (int start = 0; start + batch <= total; start += batch) {
        double[] s = minibatchStep(order, start, batch, parameters);
        policySum += s[0];
        valueSum += s[1];
        entropySum += s[2];
        klSum += s[3];
        clipSum += s[4];
        skipped += (int) s[5];
        passKl += s[3];
        steps++;
        passSteps++;
      }
      if (config.targetKl() > 0 && passKl / passSteps > 1.5 * config.targetKl()) {
        stop = true;
      }
    }
    return new UpdateResult(policySum / steps, valueSum / steps, entropySum / steps, klSum / steps, clipSum / steps, passes,
        skipped);
  }

  /** One gradient step; returns policy loss, value loss, entropy, approximate KL, clip fraction, skipped (0/1). */
  private double[] minibatchStep(int[] order, int start, int batch, List<Parameter> parameters) {
    int d = observationSize;
    int a = head.actionSize();
    float[] obs = new float[batch * d];
    float[] act = new float[batch * a];
    float[] oldLogp = new float[batch];
    float[] adv = new float[batch];
    float[] ret = new float[batch];
    float[] oldValues = new float[batch];
    for (int b = 0; b < batch; b++) {
      int k = order[start + b];
      System.arraycopy(buffer.observations, k * d, obs, b * d, d);
      System.arraycopy(buffer.actions, k * a, act, b * a, a);
      oldLogp[b] = buffer.logProbs[k];
      adv[b] = buffer.advantages[k];
      ret[b] = buffer.returns[k];
      oldValues[b] = buffer.values[k];
    }
    normalizeAdvantages(adv);
    double[] stats = new double[6];
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(obs, new Shape(batch, d));
      NDArray oldLogpArray = scope.create(oldLogp);
      NDArray advantages = scope.create(adv);
      NDArray returns = scope.create(ret);
      NDArray previousValues = scope.create(oldValues);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList out = model.forwardTraining(x);
        NDArray[] logpEntropy = logProbAndEntropy(out.get(0), scope, act, batch);
        // Clamped before exp: one far-tail sample must not turn the ratio (and the gradient) infinite.
        NDArray ratio = logpEntropy[0].sub(oldLogpArray).clip(-MAX_LOG_RATIO, MAX_LOG_RATIO).exp();
        NDArray surrogate = ratio.mul(advantages)
            .minimum(ratio.clip(1 - config.clip(), 1 + config.clip()).mul(advantages));
        NDArray policyLoss = surrogate.mean().neg();
        NDArray v = out.get(1).squeeze(1);
        NDArray valueLoss;
        if (config.valueClip() > 0) {
          NDArray clipped = previousValues.add(v.sub(previousValues).clip(-config.valueClip(), config.valueClip()));
          valueLoss = v.sub(returns).square().maximum(clipped.sub(returns).square()).mean().mul(0.5f);
        } else {
          valueLoss = v.sub(returns).square().mean().mul(0.5f);
        }
        NDArray entropy = logpEntropy[1];
        NDArray loss = policyLoss.add(valueLoss.mul(config.valueCoefficient())).sub(entropy.mul(config.entropyCoefficient()));
        collector.backward(loss);
        // Read the losses and the ratios back in two transfers; KL and clip share come from the ratios.
        float[] losses = NDArrays.stack(new NDList(policyLoss, valueLoss, entropy)).toFloatArray();
        float[] ratios = ratio.toFloatArray();
        double kl = 0;
        int clipped = 0;
        for (float r : ratios) {
          kl += (r - 1) - StrictMath.log(r);
          clipped += Math.abs(r - 1) > config.clip() ? 1 : 0;
        }
        stats[0] = losses[0];
        stats[1] = losses[1];
        stats[2] = losses[2];
        stats[3] = kl / ratios.length;
        stats[4] = clipped / (double) ratios.length;
      }
      stats[5] = applyGradients(parameters, scope) ? 0 : 1;
    }
    return stats;
  }

  /** Log-probability of the stored actions under the current policy, and the mean entropy. */
  private NDArray[] logProbAndEntropy(NDArray policyOutput, NDManager scope, float[] act, int batch) {
    if (head instanceof PolicyHead.Gaussian g) {
      // Ops take the manager of their receiver: start from a scope-owned array so every
      // intermediate dies with the minibatch (the gradient still flows to the parameter).
      NDArray logStd = scope.zeros(new Shape(g.dimensions())).add(model.logStdArray());
      NDArray taken = scope.create(act, new Shape(batch, g.dimensions()));
      NDArray z = taken.sub(policyOutput).div(logStd.exp());
      NDArray logp = z.square().mul(-0.5f).sub(logStd).sub((float) (0.5 * LOG_2PI)).sum(new int[] {1});
      NDArray entropy = logStd.add((float) (0.5 * (LOG_2PI + 1))).sum();
      return new NDArray[] {logp, entropy};
    }
    int k = head.outputs();
    float[] chosen = new float[batch * k];
    for (int b = 0; b < batch; b++) {
      chosen[b * k + (int) act[b]] = 1f;
    }
    NDArray logSoftmax = policyOutput.logSoftmax(1);
    NDArray oneHot = scope.create(chosen, new Shape(batch, k));
    NDArray logp = logSoftmax.mul(oneHot).sum(new int[] {1});
    NDArray entropy = logSoftmax.exp().mul(logSoftmax).sum(new int[] {1}).neg().mean();
    return new NDArray[] {logp, entropy};
  }

  /**
   * Clips the global gradient norm and steps Adam (DJL's PyTorch Adam zeroes each gradient after
   * using it). A non-finite norm skips the step, zeroing the gradients, and returns false. The
   * gradient handles are attached to the minibatch scope, so they and everything computed from
   * them (norms, the optimizer's temporaries) are freed with it.
   */
  private boolean applyGradients(List<Parameter> parameters, NDManager scope) {
    NDArray[] grads = new NDArray[parameters.size()];
    NDArray squares = null;
    for (int i = 0; i < grads.length; i++) {
      grads[i] = parameters.get(i).getArray().getGradient();
      grads[i].attach(scope);
      NDArray s = grads[i].square().sum();
      squares = squares == null ? s : squares.add(s);
    }
    double norm = Math.sqrt(squares.getFloat()); // one device sync for the whole norm
    if (!Double.isFinite(norm)) {
      for (NDArray g : grads) {
        g.set(new NDIndex("..."), 0f); // an empty NDIndex is an advanced index PyTorch refuses
      }
      return false;
    }
    float scale = (float) Math.min(1, config.maxGradNorm() / (norm + 1e-6));
    for (int i = 0; i < grads.length; i++) {
      if (scale < 1) {
        grads[i].muli(scale);
      }
      Parameter p = parameters.get(i);
      optimizer.update(p.getId(), p.getArray(), grads[i]);
    }
    return true;
  }

  private void normalizeAdvantages(float[] adv) {
    double mean = 0;
    for (float v : adv) {
      mean += v;
    }
    mean /= adv.length;
    double var = 0;
    for (float v : adv) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / adv.length) + 1e-8;
    for (int i = 0; i < adv.length; i++) {
      adv[i] = (float) ((adv[i] - mean) / std);
    }
  }

  private void shuffle(int[] order) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  public long envSteps() {
    return envSteps;
  }

  @Override
  public void close() {
    model.close();
  }
}
