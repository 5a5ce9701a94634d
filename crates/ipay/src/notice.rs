//! The `<IpayResponse>` callbacks (being written).
