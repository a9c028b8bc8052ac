"""ONNX models built with onnx.helper that imitate what real exporters write, for the tests.

No torch, tensorflow or paddle is installed; each builder reproduces the habits of one exporter
(naming, opset, where the weights live, how dynamic dimensions and shape arithmetic look) on a
small network, so that the import stage meets the same graph structure it meets in real life.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def weights(rng: np.random.Generator, *shape: int, scale: float = 0.5) -> np.ndarray:
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def batchnorm_params(rng: np.random.Generator, channels: int) -> list[np.ndarray]:
    """gamma, beta, running mean, running var (positive, away from zero)."""
    return [
        rng.uniform(0.5, 1.5, channels).astype(np.float32),
        rng.uniform(-0.5, 0.5, channels).astype(np.float32),
        rng.uniform(-0.5, 0.5, channels).astype(np.float32),
        rng.uniform(0.5, 2.0, channels).astype(np.float32),
    ]


def constant_node(name: str, output: str, value: np.ndarray) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [output], name=name,
                            value=numpy_helper.from_array(np.asarray(value), output))


def make(graph: onnx.GraphProto, opset: int, producer: str, version: str,
         extra_opsets: dict[str, int] | None = None) -> onnx.ModelProto:
    opsets = [helper.make_opsetid("", opset)]
    opsets += [helper.make_opsetid(d, v) for d, v in (extra_opsets or {}).items()]
    model = helper.make_model(graph, opset_imports=opsets, producer_name=producer,
                              producer_version=version)
    model.ir_version = min(model.ir_version, 8)  # what the exporters of that era write
    onnx.checker.check_model(model)
    return model


# -- PyTorch (torch.onnx.export, opset 17) -------------------------------------------------------


def pytorch_style(seed: int = 0) -> onnx.ModelProto:
    """Conv+BN+Relu, MaxPool, Flatten, Identity, Dropout, Gemm(transB=1); batch 'batch_size'.

    torch names nodes after the module path ("/features/conv1/Conv"), outputs after the node
    ("/features/conv1/Conv_output_0") and anonymous constants "onnx::Conv_12"; the parameters
    are initializers, and an aliased weight shows up as an Identity of an initializer.
    """
    rng = _rng(seed)
    conv_w = weights(rng, 4, 3, 3, 3)
    conv_b = weights(rng, 4, scale=0.1)
    gamma, beta, mean, var = batchnorm_params(rng, 4)
    fc_w = weights(rng, 5, 4 * 4 * 4, scale=0.2)
    fc_b = weights(rng, 5, scale=0.1)
    inits = [
        numpy_helper.from_array(conv_w, "onnx::Conv_12"),
        numpy_helper.from_array(conv_b, "onnx::Conv_13"),
        numpy_helper.from_array(gamma, "features.bn1.weight"),
        numpy_helper.from_array(beta, "features.bn1.bias"),
        numpy_helper.from_array(mean, "features.bn1.running_mean"),
        numpy_helper.from_array(var, "features.bn1.running_var"),
        numpy_helper.from_array(fc_w, "classifier.fc.weight"),
        numpy_helper.from_array(fc_b, "classifier.fc.bias"),
        numpy_helper.from_array(np.array(0.5, np.float32), "/classifier/dropout/Constant_output_0"),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "onnx::Conv_12", "onnx::Conv_13"],
                         ["/features/conv1/Conv_output_0"], name="/features/conv1/Conv",
                         dilations=[1, 1], group=1, kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[1, 1]),
        helper.make_node("BatchNormalization",
                         ["/features/conv1/Conv_output_0", "features.bn1.weight",
                          "features.bn1.bias", "features.bn1.running_mean",
                          "features.bn1.running_var"],
                         ["/features/bn1/BatchNormalization_output_0"],
                         name="/features/bn1/BatchNormalization", epsilon=1e-5, momentum=0.9),
        helper.make_node("Relu", ["/features/bn1/BatchNormalization_output_0"],
                         ["/features/relu/Relu_output_0"], name="/features/relu/Relu"),
        helper.make_node("MaxPool", ["/features/relu/Relu_output_0"],
                         ["/features/pool/MaxPool_output_0"], name="/features/pool/MaxPool",
                         ceil_mode=0, kernel_shape=[2, 2], pads=[0, 0, 0, 0], strides=[2, 2]),
        helper.make_node("Flatten", ["/features/pool/MaxPool_output_0"],
                         ["/Flatten_output_0"], name="/Flatten", axis=1),
        helper.make_node("Identity", ["/Flatten_output_0"], ["/classifier/Identity_output_0"],
                         name="/classifier/Identity"),
        helper.make_node("Dropout", ["/classifier/Identity_output_0",
                                     "/classifier/dropout/Constant_output_0"],
                         ["/classifier/dropout/Dropout_output_0"],
                         name="/classifier/dropout/Dropout"),
        helper.make_node("Gemm", ["/classifier/dropout/Dropout_output_0", "classifier.fc.weight",
                                  "classifier.fc.bias"],
                         ["output"], name="/classifier/fc/Gemm", alpha=1.0, beta=1.0, transB=1),
    ]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("input", FLOAT, ["batch_size", 3, 8, 8])],
        [helper.make_tensor_value_info("output", FLOAT, ["batch_size", 5])],
        inits,
    )
    return make(graph, 17, "pytorch", "2.1.0")


# -- tf2onnx (opset 13, NHWC) ----------------------------------------------------------------


def tf2onnx_style(seed: int = 1) -> onnx.ModelProto:
    """NHWC input, Transpose to NCHW, Conv+Relu, Transpose back, Reshape(Shape->Gather->Concat).

    tf2onnx keeps TensorFlow's tensor names ("model/conv2d/Relu:0"), names dynamic dimensions
    "unk__<n>", writes weights as initializers but small shape constants as Constant nodes, and
    flattens with a Reshape whose target is assembled at run time from the input's shape.
    """
    rng = _rng(seed)
    conv_w = weights(rng, 6, 3, 3, 3)
    conv_b = weights(rng, 6, scale=0.1)
    dense_w = weights(rng, 6 * 3 * 3, 4, scale=0.2)
    dense_b = weights(rng, 4, scale=0.1)
    inits = [
        numpy_helper.from_array(conv_w, "model/conv2d/Conv2D/ReadVariableOp:0"),
        numpy_helper.from_array(conv_b, "model/conv2d/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(dense_w, "model/dense/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(dense_b, "model/dense/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(np.array([0], np.int64), "const_axes__7"),
    ]
    nodes = [
        helper.make_node("Transpose", ["input_1:0"], ["model/conv2d/Conv2D__6:0"],
                         name="model/conv2d/Conv2D__6", perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["model/conv2d/Conv2D__6:0",
                                  "model/conv2d/Conv2D/ReadVariableOp:0",
                                  "model/conv2d/BiasAdd/ReadVariableOp:0"],
                         ["model/conv2d/BiasAdd:0"], name="model/conv2d/BiasAdd",
                         dilations=[1, 1], kernel_shape=[3, 3], strides=[2, 2],
                         pads=[0, 0, 1, 1]),
        helper.make_node("Relu", ["model/conv2d/BiasAdd:0"], ["model/conv2d/Relu:0"],
                         name="model/conv2d/Relu"),
        helper.make_node("Transpose", ["model/conv2d/Relu:0"], ["model/conv2d/Relu__9:0"],
                         name="model/conv2d/Relu__9", perm=[0, 2, 3, 1]),
        helper.make_node("Shape", ["model/conv2d/Relu__9:0"], ["model/flatten/Shape:0"],
                         name="model/flatten/Shape"),
        helper.make_node("Gather", ["model/flatten/Shape:0", "const_axes__7"],
                         ["model/flatten/strided_slice:0"], name="model/flatten/strided_slice",
                         axis=0),
        constant_node("model/flatten/Const", "model/flatten/Const:0", np.array([-1], np.int64)),
        helper.make_node("Concat", ["model/flatten/strided_slice:0", "model/flatten/Const:0"],
                         ["model/flatten/Reshape/shape:0"], name="model/flatten/Reshape/shape",
                         axis=0),
        helper.make_node("Reshape", ["model/conv2d/Relu__9:0", "model/flatten/Reshape/shape:0"],
                         ["model/flatten/Reshape:0"], name="model/flatten/Reshape"),
        helper.make_node("MatMul", ["model/flatten/Reshape:0",
                                    "model/dense/MatMul/ReadVariableOp:0"],
                         ["model/dense/MatMul:0"], name="model/dense/MatMul"),
        helper.make_node("Add", ["model/dense/MatMul:0", "model/dense/BiasAdd/ReadVariableOp:0"],
                         ["model/dense/BiasAdd:0"], name="model/dense/BiasAdd"),
        helper.make_node("Softmax", ["model/dense/BiasAdd:0"], ["dense:0"],
                         name="model/dense/Softmax", axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "tf2onnx",
        [helper.make_tensor_value_info("input_1:0", FLOAT, ["unk__12", 6, 6, 3])],
        [helper.make_tensor_value_info("dense:0", FLOAT, ["unk__12", 4])],
        inits,
    )
    return make(graph, 13, "tf2onnx", "1.16.1 15c810")


# -- paddle2onnx (opset 11, every weight a Constant node) ----------------------------------------


def paddle2onnx_style(seed: int = 2) -> onnx.ModelProto:
    """Conv+BN+Relu, GlobalAveragePool, Squeeze/Unsqueeze(axes attribute), Reshape chain, MatMul.

    paddle2onnx writes opset 11, puts every parameter in a Constant node (no initializers),
    leaves batch and spatial dimensions dynamic (-1 or "p2o.DynamicDimension.<n>") and names
    tensors "conv2d_0.tmp_0", "p2o.Conv.0" and the like.
    """
    rng = _rng(seed)
    conv_w = weights(rng, 8, 3, 3, 3)
    gamma, beta, mean, var = batchnorm_params(rng, 8)
    fc_w = weights(rng, 8, 5, scale=0.3)
    fc_b = weights(rng, 5, scale=0.1)
    consts = [
        constant_node("p2o.Constant.0", "conv2d_0.w_0", conv_w),
        constant_node("p2o.Constant.1", "batch_norm_0.w_0", gamma),
        constant_node("p2o.Constant.2", "batch_norm_0.b_0", beta),
        constant_node("p2o.Constant.3", "batch_norm_0.w_1", mean),
        constant_node("p2o.Constant.4", "batch_norm_0.w_2", var),
        constant_node("p2o.Constant.5", "linear_0.w_0", fc_w),
        constant_node("p2o.Constant.6", "linear_0.b_0", fc_b),
        constant_node("p2o.Constant.7", "p2o.helper.constant.0", np.array([0], np.int64)),
        constant_node("p2o.Constant.8", "p2o.helper.constant.1", np.array([-1], np.int64)),
    ]
    nodes = [
        *consts,
        helper.make_node("Conv", ["x", "conv2d_0.w_0"], ["conv2d_0.tmp_0"], name="p2o.Conv.0",
                         dilations=[1, 1], group=1, kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[1, 1]),
        helper.make_node("BatchNormalization",
                         ["conv2d_0.tmp_0", "batch_norm_0.w_0", "batch_norm_0.b_0",
                          "batch_norm_0.w_1", "batch_norm_0.w_2"],
                         ["batch_norm_0.tmp_2"], name="p2o.BatchNormalization.0",
                         epsilon=1e-5, momentum=0.9),
        helper.make_node("Relu", ["batch_norm_0.tmp_2"], ["relu_0.tmp_0"], name="p2o.Relu.0"),
        helper.make_node("GlobalAveragePool", ["relu_0.tmp_0"], ["pool2d_0.tmp_0"],
                         name="p2o.GlobalAveragePool.0"),
        helper.make_node("Squeeze", ["pool2d_0.tmp_0"], ["squeeze_0.tmp_0"],
                         name="p2o.Squeeze.0", axes=[2, 3]),
        helper.make_node("Unsqueeze", ["squeeze_0.tmp_0"], ["unsqueeze_0.tmp_0"],
                         name="p2o.Unsqueeze.0", axes=[1]),
        helper.make_node("Shape", ["unsqueeze_0.tmp_0"], ["p2o.Shape.0"], name="p2o.Shape.0"),
        helper.make_node("Gather", ["p2o.Shape.0", "p2o.helper.constant.0"], ["p2o.Gather.0"],
                         name="p2o.Gather.0", axis=0),
        helper.make_node("Concat", ["p2o.Gather.0", "p2o.helper.constant.1"], ["p2o.Concat.0"],
                         name="p2o.Concat.0", axis=0),
        helper.make_node("Reshape", ["unsqueeze_0.tmp_0", "p2o.Concat.0"], ["reshape_0.tmp_0"],
                         name="p2o.Reshape.0"),
        helper.make_node("MatMul", ["reshape_0.tmp_0", "linear_0.w_0"], ["linear_0.tmp_0"],
                         name="p2o.MatMul.0"),
        helper.make_node("Add", ["linear_0.tmp_0", "linear_0.b_0"], ["linear_0.tmp_1"],
                         name="p2o.Add.0"),
    ]
    x = helper.make_tensor_value_info("x", FLOAT, ["p2o.DynamicDimension.0", 3,
                                                   "p2o.DynamicDimension.1", -1])
    graph = helper.make_graph(
        nodes, "paddle2onnx", [x],
        [helper.make_tensor_value_info("linear_0.tmp_1", FLOAT, [-1, 5])],
    )
    return make(graph, 11, "PaddlePaddle", "1.0.6")


# -- a model ferry must refuse ------------------------------------------------------------------


def unsupported_ops_model() -> onnx.ModelProto:
    """Two LSTMs, a TopK, a NonMaxSuppression and a custom-domain op among supported nodes."""
    rng = _rng(3)
    hidden = 4
    inits = [
        numpy_helper.from_array(weights(rng, 1, 4 * hidden, 6), "lstm.W"),
        numpy_helper.from_array(weights(rng, 1, 4 * hidden, hidden), "lstm.R"),
        numpy_helper.from_array(np.array([3], np.int64), "k"),
        numpy_helper.from_array(np.array([2], np.int64), "max_boxes"),
    ]
    nodes = [
        helper.make_node("Relu", ["seq"], ["seq_relu"], name="relu_in"),
        helper.make_node("LSTM", ["seq_relu", "lstm.W", "lstm.R"], ["lstm_y", "lstm_h"],
                         name="encoder/lstm_1", hidden_size=hidden),
        helper.make_node("Squeeze", ["lstm_y"], ["lstm_y2"], name="squeeze"),  # [T,B,H] needs axes
        helper.make_node("LSTM", ["seq_relu", "lstm.W", "lstm.R"], ["lstm2_y", "lstm2_h"],
                         name="encoder/lstm_2", hidden_size=hidden),
        helper.make_node("TopK", ["scores", "k"], ["top_values", "top_indices"], name="head/topk"),
        helper.make_node("NonMaxSuppression", ["boxes", "box_scores", "max_boxes"], ["selected"],
                         name="head/nms"),
        helper.make_node("FancyNorm", ["scores"], ["fancy"], name="custom/fancy",
                         domain="com.example"),
        helper.make_node("FancyNorm", ["fancy"], ["fancy2"], name="custom/fancy_again",
                         domain="com.example"),
    ]
    graph = helper.make_graph(
        nodes, "unsupported",
        [
            helper.make_tensor_value_info("seq", FLOAT, [5, 1, 6]),
            helper.make_tensor_value_info("scores", FLOAT, [1, 10]),
            helper.make_tensor_value_info("boxes", FLOAT, [1, 6, 4]),
            helper.make_tensor_value_info("box_scores", FLOAT, [1, 1, 6]),
        ],
        [
            helper.make_tensor_value_info("lstm_h", FLOAT, [1, 1, 4]),
            helper.make_tensor_value_info("lstm2_y", FLOAT, [5, 1, 1, 4]),
            helper.make_tensor_value_info("top_values", FLOAT, [1, 3]),
            helper.make_tensor_value_info("top_indices", INT64, [1, 3]),
            helper.make_tensor_value_info("selected", INT64, ["num_selected", 3]),
            helper.make_tensor_value_info("fancy2", FLOAT, ["f0", "f1"]),
            helper.make_tensor_value_info("lstm_y2", FLOAT, [5, 4]),
        ],
        inits,
    )
    return make(graph, 17, "test", "0", extra_opsets={"com.example": 1})


# -- small models with known costs ---------------------------------------------------------------


def costed_model(seed: int = 4) -> onnx.ModelProto:
    """x[1,3,8,8] -> Conv(4,3x3,pad 1, no bias) -> BN -> Relu -> Flatten -> Gemm(10, transB) ->
    MatMul([10,6]) -> Add([6]); every cost is easy to compute by hand."""
    rng = _rng(seed)
    gamma, beta, mean, var = batchnorm_params(rng, 4)
    inits = [
        numpy_helper.from_array(weights(rng, 4, 3, 3, 3), "conv.w"),
        numpy_helper.from_array(gamma, "bn.g"),
        numpy_helper.from_array(beta, "bn.b"),
        numpy_helper.from_array(mean, "bn.m"),
        numpy_helper.from_array(var, "bn.v"),
        numpy_helper.from_array(weights(rng, 10, 256, scale=0.1), "fc.w"),
        numpy_helper.from_array(weights(rng, 10, scale=0.1), "fc.b"),
        numpy_helper.from_array(weights(rng, 10, 6), "proj.w"),
        numpy_helper.from_array(weights(rng, 6), "proj.b"),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "conv.w"], ["c"], name="conv", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c", "bn.g", "bn.b", "bn.m", "bn.v"], ["b"],
                         name="bn"),
        helper.make_node("Relu", ["b"], ["r"], name="relu"),
        helper.make_node("Flatten", ["r"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["g"], name="fc", transB=1),
        helper.make_node("MatMul", ["g", "proj.w"], ["m"], name="proj"),
        helper.make_node("Add", ["m", "proj.b"], ["y"], name="proj_bias"),
    ]
    graph = helper.make_graph(
        nodes, "costed",
        [helper.make_tensor_value_info("x", FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", FLOAT, [1, 6])],
        inits,
    )
    return make(graph, 17, "test", "0")


def dynamic_two_input_model() -> onnx.ModelProto:
    """a[N,4] + b[N,4] with a dynamic N on both inputs."""
    nodes = [helper.make_node("Add", ["a", "b"], ["y"], name="add")]
    graph = helper.make_graph(
        nodes, "dyn",
        [helper.make_tensor_value_info("a", FLOAT, ["N", 4]),
         helper.make_tensor_value_info("b", FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("y", FLOAT, ["N", 4])],
    )
    return make(graph, 17, "test", "0")


# -- hostile names ------------------------------------------------------------------------------

# Every name below is legal in ONNX and hostile to a C++ generator: comment terminators, line
# splices, string escapes, preprocessor lines, keywords, leading digits, non-ASCII, and several
# that sanitize to the same identifier ("n_c_d_x", "x_y", "a_b", "t").
HOSTILE = {
    "in_a": "Ünïcødé */ x\\",
    "in_b": "Ünïcødé */ x/",
    "in_c": "123 /* start",
    "conv_w": "class",
    "conv_b": "return",
    "conv_out": "main",
    "relu_out": "#include <x>\n#define X 1",
    "add_out": "x.y",
    "mul_const": "x-y",
    "mul_out": "x/y",
    "conv2_w": "层",
    "out_a": "😀 out */",
    "sig_out": "\\",
    "tanh_out": "___",
    "out_b": "line1\nline2\\",
    "out_c": "int",
}
HOSTILE_NODES = {
    "conv": "int",
    "relu": 'say "hi"\\',
    "add": "a.b",
    "mul": "a-b",
    "conv2": "a/b",
    "sig": "",
    "tanh": "\\\\",
    "sub": "??=trigraph??/",
    "neg": "/* c */ // d \\",
}


def hostile_names_model(seed: int = 5) -> onnx.ModelProto:
    rng = _rng(seed)
    n = HOSTILE
    inits = [
        numpy_helper.from_array(weights(rng, 4, 3, 3, 3), n["conv_w"]),
        numpy_helper.from_array(weights(rng, 4, scale=0.1), n["conv_b"]),
        numpy_helper.from_array(weights(rng, 4, 1, 1), n["mul_const"]),
        numpy_helper.from_array(weights(rng, 2, 4, 1, 1), n["conv2_w"]),
    ]
    k = HOSTILE_NODES
    nodes = [
        helper.make_node("Conv", [n["in_a"], n["conv_w"], n["conv_b"]], [n["conv_out"]],
                         name=k["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", [n["conv_out"]], [n["relu_out"]], name=k["relu"]),
        helper.make_node("Add", [n["relu_out"], n["in_b"]], [n["add_out"]], name=k["add"]),
        helper.make_node("Mul", [n["add_out"], n["mul_const"]], [n["mul_out"]], name=k["mul"]),
        helper.make_node("Conv", [n["mul_out"], n["conv2_w"]], [n["out_a"]], name=k["conv2"],
                         kernel_shape=[1, 1]),
        helper.make_node("Sigmoid", [n["mul_out"]], [n["sig_out"]], name=k["sig"]),
        helper.make_node("Tanh", [n["sig_out"]], [n["tanh_out"]], name=k["tanh"]),
        helper.make_node("Sub", [n["tanh_out"], n["in_c"]], [n["out_b"]], name=k["sub"]),
        helper.make_node("Relu", [n["out_b"]], [n["out_c"]], name=k["neg"]),
    ]
    graph = helper.make_graph(
        nodes, "hostile */ graph",
        [helper.make_tensor_value_info(n["in_a"], FLOAT, [1, 3, 5, 5]),
         helper.make_tensor_value_info(n["in_b"], FLOAT, [1, 4, 5, 5]),
         helper.make_tensor_value_info(n["in_c"], FLOAT, [1, 4, 5, 5])],
        [helper.make_tensor_value_info(n["out_a"], FLOAT, [1, 2, 5, 5]),
         helper.make_tensor_value_info(n["out_b"], FLOAT, [1, 4, 5, 5]),
         helper.make_tensor_value_info(n["out_c"], FLOAT, [1, 4, 5, 5])],
        inits,
    )
    return make(graph, 17, "test", "0")


# -- the model zoo's first generation (Caffe2 exports, opset 9, IR version 3) ---------------------


def model_zoo_first_generation(opset: int = 9, seed: int = 6) -> onnx.ModelProto:
    """What the onnx model zoo's opset 7 to 9 files hold: IR version 3 with every initializer
    also a graph input, Unsqueeze with an `axes` attribute (densenet's per-channel scale),
    Upsample (scales an attribute before opset 9, an input from 9), an unfolded
    BatchNormalization, Dropout with a `ratio` attribute, an n-ary Sum and LRN (alexnet,
    inception_v1)."""
    rng = _rng(seed)
    gamma, beta, mean, var = batchnorm_params(rng, 4)
    initializers = [numpy_helper.from_array(value, name) for name, value in (
        ("conv_w", weights(rng, 4, 3, 3, 3)), ("scales", np.array([1, 1, 2, 2], np.float32)),
        ("bn_scale", gamma), ("bn_bias", beta), ("bn_mean", mean), ("bn_var", var),
        ("channel_scale", weights(rng, 4)))]
    nodes = [
        helper.make_node("Conv", ["data_0", "conv_w"], ["conv"], pads=[1, 1, 1, 1], name="conv1"),
        helper.make_node("Relu", ["conv"], ["relu"], name="relu1"),
        helper.make_node("BatchNormalization", ["relu", "bn_scale", "bn_bias", "bn_mean", "bn_var"],
                         ["bn"], name="bn1"),
        helper.make_node("Unsqueeze", ["channel_scale"], ["channel_scale_3d"], axes=[1, 2], name="unsqueeze1"),
        helper.make_node("Mul", ["bn", "channel_scale_3d"], ["scaled"], name="scale1"),
        helper.make_node("Dropout", ["scaled"], ["dropped"], ratio=0.3, name="drop1"),
        helper.make_node("Upsample", ["dropped", "scales"], ["up"], mode="nearest", name="upsample1"),
        helper.make_node("Sum", ["up", "relu_up", "up"], ["sum"], name="sum1"),
        helper.make_node("LRN", ["sum"], ["prob"], size=3, alpha=1e-2, beta=0.75, bias=1.0, name="norm1"),
    ]
    nodes.insert(7, helper.make_node("Upsample", ["relu", "scales"], ["relu_up"], mode="nearest",
                                     name="upsample2"))
    if opset < 9:
        for node in nodes:
            if node.op_type == "Upsample":
                del node.input[1]
                node.attribute.append(helper.make_attribute("scales", [1.0, 1.0, 2.0, 2.0]))
        initializers = [t for t in initializers if t.name != "scales"]
    inputs = [helper.make_tensor_value_info("data_0", FLOAT, [1, 3, 6, 6])]
    inputs += [helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in initializers]
    graph = helper.make_graph(nodes, f"zoo_opset{opset}", inputs,
                              [helper.make_tensor_value_info("prob", FLOAT, [1, 4, 12, 12])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="caffe2")
    model.ir_version = 3
    onnx.checker.check_model(model)
    return model
