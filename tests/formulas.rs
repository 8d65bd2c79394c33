//! Each initializer's constants against PyTorch's `torch.nn.init` and Keras's `VarianceScaling`.
//!
//! The expected literals were computed in Python with the frameworks' own expressions
//! (e.g. `math.sqrt(3.0) * (gain / math.sqrt(fan))`), so equality is exact, not approximate.

use initscope::engine::{Activation, Distribution, FanMode, InitSpec, Initializer};

fn spec(kind: Initializer) -> InitSpec {
    InitSpec::new(kind)
}

fn bound(d: Distribution) -> f64 {
    d.bound().expect("a uniform has a bound")
}

#[test]
fn xavier_matches_pytorch() {
    let cases = [
        ((256, 256), 0.10825317547305482, 0.0625),
        ((784, 100), 0.08238525545716346, 0.04756514941544941),
        ((3, 1000), 0.07734373819828302, 0.04465442806891065),
    ];
    for ((fi, fo), b, s) in cases {
        assert_eq!(
            bound(spec(Initializer::XavierUniform).distribution(fi, fo)),
            b
        );
        assert_eq!(
            spec(Initializer::XavierNormal).distribution(fi, fo).std(),
            s
        );
    }
    let tanh = InitSpec {
        gain: Some(5.0 / 3.0),
        ..spec(Initializer::XavierNormal)
    };
    assert_eq!(tanh.distribution(784, 100).std(), 0.07927524902574902);
}

#[test]
fn he_matches_pytorch_kaiming_defaults() {
    let cases = [
        (
            (256, 256),
            0.15309310892394865,
            0.08838834764831845,
            0.08838834764831845,
        ),
        (
            (784, 100),
            0.08748177652797065,
            0.05050762722761054,
            0.1414213562373095,
        ),
        (
            (3, 1000),
            std::f64::consts::SQRT_2,
            0.8164965809277261,
            0.0447213595499958,
        ),
    ];
    for ((fi, fo), b, s, s_out) in cases {
        assert_eq!(bound(spec(Initializer::HeUniform).distribution(fi, fo)), b);
        assert_eq!(spec(Initializer::HeNormal).distribution(fi, fo).std(), s);
        let fan_out = InitSpec {
            mode: FanMode::FanOut,
            ..spec(Initializer::HeNormal)
        };
        assert_eq!(fan_out.distribution(fi, fo).std(), s_out);
    }
    // He normal has *variance* 2/fan_in (the tutorial's "N(0, √(2/n))" is a std).
    let v = spec(Initializer::HeNormal).distribution(256, 10).variance();
    assert!((v - 2.0 / 256.0).abs() <= 2.0 * f64::EPSILON * v);
}

#[test]
fn lecun_is_kaiming_with_linear_gain() {
    assert_eq!(
        bound(spec(Initializer::LecunUniform).distribution(784, 100)),
        0.06185895741317418
    );
    assert_eq!(
        spec(Initializer::LecunNormal).distribution(784, 100).std(),
        0.03571428571428571
    );
    assert_eq!(
        bound(spec(Initializer::LecunUniform).distribution(3, 1000)),
        1.0
    );
    assert_eq!(
        spec(Initializer::LecunNormal).distribution(3, 1000).std(),
        0.5773502691896258
    );
}

#[test]
fn keras_truncated_normals() {
    let keras = |kind| InitSpec {
        keras: true,
        ..spec(kind)
    };
    let he = keras(Initializer::HeNormal).distribution(256, 99);
    assert!(matches!(he, Distribution::TruncatedNormal { .. }));
    assert_eq!(he.bound(), Some(2.0 * 0.10048404857174567));
    assert_eq!(he.std(), 0.08838834764831845);
    let Distribution::TruncatedNormal { sigma, .. } =
        keras(Initializer::XavierNormal).distribution(784, 100)
    else {
        panic!("Keras Glorot normal is truncated")
    };
    assert_eq!(sigma, 0.05407430856385387);
    let Distribution::TruncatedNormal { sigma, .. } =
        keras(Initializer::LecunNormal).distribution(784, 100)
    else {
        panic!("Keras LeCun normal is truncated")
    };
    assert_eq!(sigma, 0.040601686940662726);
    // Uniform variants are the same in both conventions.
    let u = keras(Initializer::HeUniform).distribution(784, 100);
    assert_eq!(u, spec(Initializer::HeUniform).distribution(784, 100));
}

#[test]
fn naive_initializers_take_their_scale() {
    let with = |kind, scale| InitSpec {
        scale,
        ..spec(kind)
    };
    assert_eq!(
        with(Initializer::Uniform, 0.5)
            .distribution(9, 9)
            .variance(),
        0.25 / 3.0
    );
    assert_eq!(
        with(Initializer::Normal, 0.01).distribution(9, 9).std(),
        0.01
    );
    assert_eq!(
        with(Initializer::Constant, -0.3).distribution(9, 9),
        Distribution::Constant(-0.3)
    );
    assert_eq!(spec(Initializer::Zero).distribution(9, 9).variance(), 0.0);
}

#[test]
fn orthogonal_entry_variance() {
    let o = InitSpec {
        gain: Some(2.0),
        ..spec(Initializer::Orthogonal)
    };
    assert_eq!(o.distribution(100, 400).variance(), 4.0 / 400.0);
}

#[test]
fn calculate_gain_table() {
    assert_eq!(Activation::Linear.pytorch_gain(0.0), Some(1.0));
    assert_eq!(Activation::Sigmoid.pytorch_gain(0.0), Some(1.0));
    assert_eq!(Activation::Tanh.pytorch_gain(0.0), Some(5.0 / 3.0));
    assert_eq!(Activation::Relu.pytorch_gain(0.0), Some(2f64.sqrt()));
    assert_eq!(
        Activation::LeakyRelu.pytorch_gain(0.01),
        Some(1.4141428569978354)
    );
    assert_eq!(
        Activation::Prelu.pytorch_gain(0.25),
        Some(1.3719886811400708)
    );
    assert_eq!(Activation::Selu.pytorch_gain(0.0), Some(0.75));
    for a in [Activation::Elu, Activation::Gelu, Activation::Swish] {
        assert_eq!(a.pytorch_gain(0.0), None, "PyTorch has no gain for {a}");
        assert_eq!(a.recommended_gain(0.0), 2f64.sqrt());
    }
}

#[test]
#[allow(clippy::excessive_precision)]
fn selu_constants_are_exact() {
    use initscope::engine::activation::{SELU_ALPHA, SELU_LAMBDA};
    assert_eq!(SELU_LAMBDA, 1.0507009873554804934193349852946);
    assert_eq!(SELU_ALPHA, 1.6732632423543772848170429916717);
}
