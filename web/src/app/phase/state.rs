//! The Phase view's link to the Lab's config: where a config sits in the (σ_w², σ_b²) plane, and the config
//! moved to a point of it — through [`Config::set_param`], so every value is validated as the form's are.

use initscope::engine::{Config, Initializer, Plan};
use initscope::state::Param;

/// The Lab config's (σ_w², σ_b²) for a hidden layer: `Plan::new(cfg).hidden`.
pub fn point_of(cfg: &Config) -> (f64, f64) {
    let hidden = Plan::new(cfg).hidden;
    (hidden.sigma_w2(), hidden.sigma_b2())
}

/// Text for a parameter value: the shortest decimal that reads back as the same f64.
fn num(x: f64) -> String {
    format!("{x}")
}

/// `cfg` moved to (σ_w², σ_b²): a gain for the initializers that take one (gain = √(σ_w²/σ_w²(gain = 1))),
/// the std σ = √(σ_w²/fan_in) for the naive normal, the bound a = √(3σ_w²/fan_in) for the naive uniform;
/// initializers that cannot be scaled (zero, constant, PyTorch's default, LSUV) become LeCun normal with that
/// gain, which is said in the returned note. The bias std becomes √σ_b².
pub fn config_at(cfg: &Config, sw2: f64, sb2: f64) -> Result<(Config, Option<String>), String> {
    let mut c = cfg.clone();
    let mut note = None;
    let set = |c: &mut Config, p: Param, v: f64| c.set_param(p, &num(v)).map_err(|e| e.to_string());
    let fan_in = Plan::new(&c).hidden.fan_in as f64;
    match c.init {
        Initializer::Normal => set(&mut c, Param::Scale, (sw2 / fan_in).sqrt())?,
        Initializer::Uniform => set(&mut c, Param::Scale, (3.0 * sw2 / fan_in).sqrt())?,
        i if i.takes_gain() => set_gain(&mut c, sw2)?,
        i => {
            c.set_param(Param::Init, Initializer::LecunNormal.id())
                .map_err(|e| e.to_string())?;
            c.reset_invalid();
            set_gain(&mut c, sw2)?;
            note = Some(format!(
                "{} has no scale to set: switched to LeCun normal with that gain.",
                i.label()
            ));
        }
    }
    set(&mut c, Param::BiasStd, sb2.max(0.0).sqrt())?;
    Ok((c, note))
}

fn set_gain(c: &mut Config, sw2: f64) -> Result<(), String> {
    let unit = Plan::new(&Config {
        gain: Some(1.0),
        ..c.clone()
    })
    .hidden
    .sigma_w2();
    if unit.is_nan() || unit <= 0.0 {
        return Err("this initializer's σ_w² does not scale with a gain".into());
    }
    c.set_param(Param::Gain, &num((sw2.max(0.0) / unit).sqrt()))
        .map_err(|e| e.to_string())
}
