//! The focal point: the spot of an image that a crop keeps, and where a
//! box of another shape centres it (CSS `object-position`).

/// A point of an image as fractions of its width and height (0 is the
/// left or top edge, 1 the right or bottom).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Focal {
    /// Across, 0..=1.
    pub x: f64,
    /// Down, 0..=1.
    pub y: f64,
}

impl Default for Focal {
    fn default() -> Self {
        Focal::CENTER
    }
}

impl Focal {
    /// The middle of the image.
    pub const CENTER: Focal = Focal { x: 0.5, y: 0.5 };

    /// A focal point, if both are finite numbers in 0..=1.
    pub fn new(x: f64, y: f64) -> Option<Focal> {
        let ok = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        (ok(x) && ok(y)).then_some(Focal { x, y })
    }

    /// The CSS `object-position` that keeps this point in view
    /// (`50% 30%`).
    pub fn object_position(self) -> String {
        format!("{}% {}%", percent(self.x), percent(self.y))
    }
}

fn percent(v: f64) -> String {
    let p = (v * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// A rectangle of an image, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crop {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The largest rectangle of `aspect` (width : height, like 4:5 or 1:1)
/// inside an image of `size`, centred on `focal` as far as the edges let
/// it.
pub fn crop_rect(size: (u32, u32), aspect: (u32, u32), focal: Focal) -> Crop {
    let (w, h) = (u64::from(size.0), u64::from(size.1));
    let (aw, ah) = (u64::from(aspect.0.max(1)), u64::from(aspect.1.max(1)));
    // Full width if the image is taller than the aspect, else full height.
    let (cw, ch) = if w * ah <= h * aw {
        (w, (w * ah / aw).max(1))
    } else {
        ((h * aw / ah).max(1), h)
    };
    let place = |full: u64, part: u64, at: f64| -> u32 {
        let centre = (full as f64 * at).round() as i64;
        let start = (centre - (part / 2) as i64).clamp(0, (full - part) as i64);
        u32::try_from(start).unwrap_or(0)
    };
    Crop {
        x: place(w, cw, focal.x),
        y: place(h, ch, focal.y),
        width: u32::try_from(cw).unwrap_or(size.0),
        height: u32::try_from(ch).unwrap_or(size.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focal_points_stay_inside_the_image() {
        assert!(Focal::new(0.0, 1.0).is_some());
        assert!(Focal::new(1.01, 0.5).is_none());
        assert!(Focal::new(f64::NAN, 0.5).is_none());
        assert_eq!(
            Focal::new(0.25, 0.333).map(Focal::object_position).as_deref(),
            Some("25% 33.3%")
        );
    }

    #[test]
    fn a_square_crop_keeps_the_focal_point() {
        // A landscape image 1000×500, focal point near the right edge.
        let c = crop_rect((1000, 500), (1, 1), Focal { x: 0.9, y: 0.5 });
        assert_eq!(
            c,
            Crop {
                x: 500,
                y: 0,
                width: 500,
                height: 500
            }
        );
        let c = crop_rect((1000, 500), (1, 1), Focal { x: 0.4, y: 0.5 });
        assert_eq!(
            c,
            Crop {
                x: 150,
                y: 0,
                width: 500,
                height: 500
            }
        );
    }

    #[test]
    fn a_portrait_crop_of_a_tall_image_moves_down_to_the_focal_point() {
        let c = crop_rect((800, 2000), (4, 5), Focal { x: 0.5, y: 0.2 });
        assert_eq!((c.width, c.height), (800, 1000));
        assert_eq!(c.y, 0);
        let c = crop_rect((800, 2000), (4, 5), Focal { x: 0.5, y: 0.6 });
        assert_eq!(c.y, 700);
    }
}
