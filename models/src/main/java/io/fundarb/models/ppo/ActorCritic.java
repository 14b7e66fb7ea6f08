package io.fundarb.models.ppo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * Policy and value networks on DJL. Decision: the value network is separate from the policy
 * network (same hidden sizes, tanh activations) rather than a shared trunk with two heads, so
 * value regression cannot distort the policy's features; both train jointly with one loss and one
 * optimizer. The policy's last layer starts near zero so initial actions sit at the centre of
 * the action range. A Gaussian head adds one learned log standard deviation per action
 * dimension.
 */
public final class ActorCritic implements AutoCloseable {
  private final NDManager manager;
  private final SequentialBlock policy;
  private final SequentialBlock value;
  private final Parameter logStd;
  private final ParameterStore store;
  private final PolicyHead head;
  private final int inputSize;

  public ActorCritic(int inputSize, int[] hidden, PolicyHead head, float initialLogStd) {
    this.inputSize = inputSize;
    this.head = head;
    this.manager = NDManager.newBaseManager("PyTorch");
    this.policy = mlp(hidden, head.outputs(), 0.01f);
    this.value = mlp(hidden, 1, 1f);
    policy.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
    value.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
    if (head instanceof PolicyHead.Gaussian) {
      logStd = Parameter.builder().setName("log_std").setType(Parameter.Type.OTHER)
          .optShape(new Shape(head.outputs())).optInitializer(new ConstantInitializer(initialLogStd)).build();
      logStd.initialize(manager, DataType.FLOAT32);
    } else {
      logStd = null;
    }
    this.store = new ParameterStore(manager, false);
  }

  private static SequentialBlock mlp(int[] hidden, int outputs, float lastLayerScale) {
    SequentialBlock block = new SequentialBlock();
    for (int width : hidden) {
      block.add(Linear.builder().setUnits(width).build()).add(Activation::tanh);
    }
    Linear last = Linear.builder().setUnits(outputs).build();
    last.setInitializer(new NormalInitializer(lastLayerScale / (float) Math.sqrt(hidden[hidden.length - 1])),
        Parameter.Type.WEIGHT);
    return block.add(last);
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
      NDList input = new NDList(x);
      float[] p = policy.forward(store, input, false).singletonOrThrow().toFloatArray();
      System.arraycopy(p, 0, policyOut, 0, rows * head.outputs());
      if (valuesOut != null) {
        float[] v = value.forward(store, input, false).singletonOrThrow().toFloatArray();
        System.arraycopy(v, 0, valuesOut, 0, rows);
      }
    }
  }

  /** Forward pass that records gradients (inside a GradientCollector): policy outputs and values. */
  NDList forwardTraining(NDArray observations) {
    NDList input = new NDList(observations);
    NDArray p = policy.forward(store, input, true).singletonOrThrow();
    NDArray v = value.forward(store, input, true).singletonOrThrow();
    return new NDList(p, v);
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
    List<Parameter> all = new ArrayList<>(policy.getParameters().values());
    all.addAll(value.getParameters().values());
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
    policy.saveParameters(out);
    value.saveParameters(out);
    if (logStd != null) {
      logStd.save(out);
    }
  }

  public void load(DataInputStream in) throws IOException, MalformedModelException {
    policy.loadParameters(manager, in);
    value.loadParameters(manager, in);
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
