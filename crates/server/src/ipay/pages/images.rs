//! The §2 images: the iPay payment buttons a shop puts next to its order
//! button (2.1.2) and the iPay logos for the shop's footer (2.2.1), served
//! at `/ipay/images/{name}`:
//!
//! | name | what |
//! |---|---|
//! | `btn_ipay_1.svg` | large button, 200×50, blue |
//! | `btn_ipay_2.svg` | medium button, 150×40, blue |
//! | `btn_ipay_3.svg` | small button, 100×30, blue |
//! | `btn_ipay_4.svg` | medium button, 150×40, white with a blue border |
//! | `logo_ipay_1.svg` | footer logo with "에스크로" (escrow) text, 120×40 |
//! | `logo_ipay_2.svg` | compact logo, 60×24 |
//!
//! The manual's images are not reproduced (they are Auction's); these are
//! drawn here as small SVGs with the same roles and sizes a layout needs,
//! so pages that embed them render with something in place.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `(name, width, height, background, border, text colour, label)`.
type Spec = (
    &'static str,
    u32,
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const IMAGES: [Spec; 6] = [
    (
        "btn_ipay_1.svg",
        200,
        50,
        "#1d4ed8",
        "#1d4ed8",
        "#ffffff",
        "iPay 결제",
    ),
    (
        "btn_ipay_2.svg",
        150,
        40,
        "#1d4ed8",
        "#1d4ed8",
        "#ffffff",
        "iPay 결제",
    ),
    (
        "btn_ipay_3.svg",
        100,
        30,
        "#1d4ed8",
        "#1d4ed8",
        "#ffffff",
        "iPay",
    ),
    (
        "btn_ipay_4.svg",
        150,
        40,
        "#ffffff",
        "#1d4ed8",
        "#1d4ed8",
        "iPay 결제",
    ),
    (
        "logo_ipay_1.svg",
        120,
        40,
        "#ffffff",
        "#cbd2da",
        "#1d4ed8",
        "iPay 에스크로",
    ),
    (
        "logo_ipay_2.svg",
        60,
        24,
        "#1d4ed8",
        "#1d4ed8",
        "#ffffff",
        "iPay",
    ),
];

fn svg(spec: &Spec) -> String {
    let (_, w, h, bg, border, fg, label) = *spec;
    let font = h * 2 / 5;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\">\
         <rect x=\"0.5\" y=\"0.5\" width=\"{rw}\" height=\"{rh}\" rx=\"{r}\" fill=\"{bg}\" stroke=\"{border}\"/>\
         <text x=\"50%\" y=\"50%\" dominant-baseline=\"central\" text-anchor=\"middle\" \
         font-family=\"Apple SD Gothic Neo, Malgun Gothic, Noto Sans KR, sans-serif\" font-size=\"{font}\" font-weight=\"700\" fill=\"{fg}\">{label}</text></svg>",
        rw = w - 1,
        rh = h - 1,
        r = h / 5,
    )
}

/// `GET /ipay/images/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match IMAGES.iter().find(|i| i.0 == name) {
        Some(spec) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            svg(spec),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such image").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_image_is_an_svg_of_its_size() {
        for spec in &IMAGES {
            let s = svg(spec);
            assert!(s.starts_with("<svg "), "{}", spec.0);
            assert!(s.contains(&format!("width=\"{}\"", spec.1)), "{}", spec.0);
            assert!(s.ends_with("</svg>"));
        }
    }
}
