package io.fundarb.models.ppo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy and value function on DJL: one MLP trunk (tanh) and one linear output layer whose
 * first columns are the policy (action means or logits) and whose last column is the value.
 *
 * <p>Decision: a shared trunk rather than separate policy and value networks. Observations are
 * long feature windows (hundreds of inputs), so the first layer dominates the cost; sharing it
 * halves forward, backward and optimizer work, which is what keeps PPO above 10,000 environment
 * steps per second on two CPU cores. The value loss is weighted (0.5) so regression does not
 * dominate the shared features, and gradients of both heads are clipped together. The policy
 * head starts near zero so initial actions sit at the centre of the action range; a Gaussian head
 * adds one learned, state-independent log standard deviation per action dimension.
 */
public final class ActorCritic implements AutoCloseable {
  private final NDManager manager;
  private final SequentialBlock trunk;
  private final Linear output;
  private final Parameter logStd;
  private final ParameterStore store;
  private final PolicyHead head;
  private final int inputSize;

  public ActorCritic(int inputSize, int[] hidden, PolicyHead head, float initialLogStd) {
    this(inputSize, hidden, head, initialLogStd, null);
  }

  /**
   * @param prior the policy head's initial bias (null: zeros): where the untrained policy's
   *     actions (means or logits) start, e.g. at the baseline position
   */
  public ActorCritic(int inputSize, int[] hidden, PolicyHead head, float initialLogStd, float[] prior) {
    this.inputSize = inputSize;
    this.head = head;
    this.manager = NDManager.newBaseManager("PyTorch");
    this.trunk = new SequentialBlock();
    for (int width : hidden) {
      trunk.add(Linear.builder().setUnits(width).build()).add(Activation::tanh);
    }
    int features = hidden[hidden.length - 1];
    this.output = Linear.builder().setUnits(head.outputs() + 1L).build();
    output.setInitializer(new NormalInitializer(1f / (float) Math.sqrt(features)), Parameter.Type.WEIGHT);
    trunk.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
    output.initialize(manager, DataType.FLOAT32, new Shape(1, features));
    // Policy rows start 100x smaller than the value row: initial actions sit at the prior. Written
    // through a detached view (same storage): on a thread where autograd is on (any thread but the
    // one that started the engine) an in-place write to a parameter is refused.
    NDArray weight = output.getParameters().get("weight").getArray().stopGradient();
    NDIndex policyRows = new NDIndex("0:" + head.outputs());
    weight.set(policyRows, weight.get(policyRows).mul(0.01f));
    if (prior != null) {
      if (prior.length != head.outputs()) {
        throw new IllegalArgumentException("the prior needs one value per policy output (" + head.outputs() + ")");
      }
      float[] bias = java.util.Arrays.copyOf(prior, head.outputs() + 1);
      output.getParameters().get("bias").getArray().set(bias);
    }
    if (head instanceof PolicyHead.Gaussian) {
      logStd = Parameter.builder().setName("log_std").setType(Parameter.Type.OTHER)
          .optShape(new Shape(head.outputs())).optInitializer(new ConstantInitializer(initialLogStd)).build();
      logStd.initialize(manager, DataType.FLOAT32);
    } else {
      logStd = null;
    }
    this.store = new ParameterStore(manager, false);
  }

  public PolicyHead head() {
    return head;
  }

  public int inputSize() {
    return inputSize;
  }

  /**
   * Inference without gradients for {@code rows} observations: policy outputs (means or logits,
   * {@code rows x head.outputs()}) and values ({@code rows}).
   */
  public void act(float[] observations, int rows, float[] policyOut, float[] valuesOut) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(java.nio.FloatBuffer.wrap(observations, 0, rows * inputSize), new Shape(rows, inputSize));
      NDList features = trunk.forward(store, new NDList(x), false);
      float[] out = output.forward(store, features, false).singletonOrThrow().toFloatArray();
      int k = head.outputs();
      for (int r = 0; r < rows; r++) {
        System.arraycopy(out, r * (k + 1), policyOut, r * k, k);
        if (valuesOut != null) {
          valuesOut[r] = out[r * (k + 1) + k];
        }
      }
    }
  }

  /** Forward pass that records gradients (inside a GradientCollector): policy outputs and values. */
  NDList forwardTraining(NDArray observations) {
    NDList features = trunk.forward(store, new NDList(observations), true);
    NDArray out = output.forward(store, features, true).singletonOrThrow();
    int k = head.outputs();
    return new NDList(out.get(new NDIndex(":, 0:" + k)), out.get(new NDIndex(":, " + k + ":")));
  }

  /** The learned log standard deviation array (Gaussian heads only), part of the graph. */
  NDArray logStdArray() {
    return logStd.getArray();
  }

  public float[] logStd() {
    return logStd == null ? new float[0] : logStd.getArray().toFloatArray();
  }

  /** Every trainable parameter, in a fixed order. */
  List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>(trunk.getParameters().values());
    all.addAll(output.getParameters().values());
    if (logStd != null) {
      all.add(logStd);
    }
    return all;
  }

  /** Number of trainable scalars, for reports. */
  public long parameterCount() {
    return parameters().stream().mapToLong(p -> p.getArray().getShape().size()).sum();
  }

  public void save(DataOutputStream out) throws IOException {
    trunk.saveParameters(out);
    output.saveParameters(out);
    if (logStd != null) {
      logStd.save(out);
    }
  }

  public void load(DataInputStream in) throws IOException, MalformedModelException {
    trunk.loadParameters(manager, in);
    output.loadParameters(manager, in);
    if (logStd != null) {
      logStd.close();
      logStd.load(manager, in);
    }
    for (Parameter p : parameters()) {
      p.getArray().setRequiresGradient(true); // loaded arrays are plain tensors until told otherwise
    }
  }

  NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
