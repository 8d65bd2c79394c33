//! [`Initializer`]: the weight initializers, by their kebab-case ids. Every fact about one is in its row of
//! [`Initializer::info`] (`info.rs`); the methods in `init.rs` are shorthands for it.

/// The weight initializers, with the kebab-case ids used by the URL, the CLI and the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Initializer {
    /// Every weight 0 (`nn.init.zeros_`).
    Zero,
    /// Every weight c (`nn.init.constant_`).
    Constant,
    /// U(−a, a) (`nn.init.uniform_(w, -a, a)`).
    Uniform,
    /// N(0, σ²) (`nn.init.normal_(w, 0, σ)`).
    Normal,
    /// Glorot & Bengio 2010, uniform: bound gain·√(6/(fan_in+fan_out)).
    XavierUniform,
    /// Glorot & Bengio 2010, normal: std gain·√(2/(fan_in+fan_out)).
    XavierNormal,
    /// He et al. 2015, uniform: bound gain·√(3/fan) with PyTorch's default gain √2.
    HeUniform,
    /// He et al. 2015, normal: std gain/√fan with PyTorch's default gain √2.
    HeNormal,
    /// LeCun 1998, uniform: bound gain·√(3/fan), fan = fan_in unless the mode says fan_out.
    LecunUniform,
    /// LeCun 1998, normal: std gain/√fan, fan = fan_in unless the mode says fan_out.
    LecunNormal,
    /// What PyTorch's `nn.Linear` does when you choose nothing: `kaiming_uniform_(a=√5)`, i.e. U(±1/√fan_in),
    /// and biases U(±1/√fan_in).
    PytorchDefault,
    /// Saxe et al. 2014: a (semi-)orthogonal matrix times gain (`nn.init.orthogonal_`).
    Orthogonal,
    /// gain·I (`nn.init.eye_`); with ReLU in a recurrent net, the IRNN of Le et al. 2015.
    Identity,
    /// Mishkin & Matas 2015, layer-sequential unit variance: orthogonal, then each layer in order rescaled on
    /// the batch until |Var(output) − 1| < 0.1 (at most 10 tries).
    Lsuv,
    /// Xiao et al. 2018, for convolutions: the kernel's centre tap is gain × a matrix with orthonormal columns
    /// (C_out × C_in, `orthogonal_` of that shape), every other tap 0; a dense layer has only its centre, so
    /// there it is `orthogonal`.
    DeltaOrthogonal,
}

impl Initializer {
    /// Every initializer, in the order the UI lists them.
    pub const ALL: [Initializer; 15] = [
        Initializer::Zero,
        Initializer::Constant,
        Initializer::Uniform,
        Initializer::Normal,
        Initializer::XavierUniform,
        Initializer::XavierNormal,
        Initializer::HeUniform,
        Initializer::HeNormal,
        Initializer::LecunUniform,
        Initializer::LecunNormal,
        Initializer::PytorchDefault,
        Initializer::Orthogonal,
        Initializer::Identity,
        Initializer::Lsuv,
        Initializer::DeltaOrthogonal,
    ];
}
