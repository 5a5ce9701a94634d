/*! PayApp Lite, as served by gyeolje: PayApp's popup payment-request API
 *  (manual 001, "결제 요청 – 팝업창 방식"). Bundles jQuery v3.7.1
 *  (c) OpenJS Foundation and other contributors, MIT, jquery.org/license,
 *  as PayApp.$ / PayApp.jQuery without touching the page's own $ or jQuery. */
(function (window, document) {
    'use strict';

    var jQuery = (function () {
        // With a `module` in scope jQuery's wrapper builds itself without
        // assigning window.$ / window.jQuery; `define` is shadowed so it does
        // not register with the page's AMD loader either.
        var module = { exports: {} };
        var define;
/*@JQUERY@*/
        return module.exports;
    })();

    /** Where this script was loaded from, so the popup opens on gyeolje's
     *  origin whatever page includes it. The server's own public URL is the
     *  fallback when the script was copied elsewhere or inlined. */
    var SCRIPT_PATH = /\/public\/api\/(?:v2\/)?payapp-lite\.js(?:[?#].*)?$/;
    var SERVER_BASE = '@GYEOLJE_BASE@';

    function scriptBase() {
        var candidates = [];
        var i;
        if (document.currentScript) {
            candidates.push(document.currentScript);
        } else {
            var all = document.getElementsByTagName('script');
            for (i = all.length - 1; i >= 0; i--) {
                candidates.push(all[i]);
            }
        }
        for (i = 0; i < candidates.length; i++) {
            var src = candidates[i].src;
            if (src && SCRIPT_PATH.test(src)) {
                return src.replace(SCRIPT_PATH, '');
            }
        }
        return SERVER_BASE;
    }

    var BASE = scriptBase();
    var POPUP_PATH = '/lite/request';
    var WINDOW_NAME = 'PayAppWindow';
    var WINDOW_FEATURES = 'width=440,height=680,scrollbars=yes,resizable=yes';
    /** The manual's `int` parameters other than price: digits only. */
    var DIGITS_ONLY = { recvphone: true, reqaddr: true };
    /** Targets that name an existing browsing context (HTML's `_` keywords). */
    var KEYWORD_TARGETS = { _self: true, _parent: true, _top: true, _blank: true };

    function own(obj, key) {
        return Object.prototype.hasOwnProperty.call(obj, key);
    }

    /** TRIM, as the manual's 파라메터 처리 says: every value, both ends. */
    function trim(value) {
        return String(value === null || value === undefined ? '' : value)
            .replace(/^[\s\u0000]+|[\s\u0000]+$/g, '');
    }

    function absolute(url) {
        var a = document.createElement('a');
        a.href = url;
        return a.href;
    }

    /** One parameter as it is sent: trimmed; numeric ones reduced to digits.
     *  `price` keeps a decimal point only when the fraction is not all zeros
     *  ("1,000원" → 1000, "1000.0" → 1000, "10.5" stays and is refused by
     *  the popup) rather than turning 10.5 into 105. `redirecturl` is made
     *  absolute against this page, because the popup (on gyeolje's origin)
     *  navigates the opener to it. */
    function clean(name, value) {
        var v = trim(value);
        if (name === 'price') {
            v = v.replace(/[^0-9.]/g, '');
            var whole = /^(\d*)\.0*$/.exec(v);
            if (whole) {
                v = whole[1];
            }
        } else if (DIGITS_ONLY[name]) {
            v = v.replace(/\D/g, '');
        } else if (name === 'redirecturl' && v !== '') {
            v = absolute(v);
        }
        return v;
    }

    /** `set*(key, value)` or `set*({key: value, …})`. */
    function assign(into, key, value) {
        if (key !== null && typeof key === 'object') {
            for (var k in key) {
                if (own(key, k)) {
                    into[k] = key[k];
                }
            }
        } else if (key !== null && key !== undefined) {
            into[String(key)] = value;
        }
    }

    function resolveForm(spec) {
        if (typeof spec === 'string') {
            return document.forms[spec] || document.getElementById(spec) || null;
        }
        // A jQuery-wrapped form, e.g. PayApp.setForm(PayApp.$('#f')).
        return spec && spec.jquery ? spec[0] || null : spec;
    }

    /** A registered form's successful controls; checked checkboxes and
     *  multiple selections of one name are joined with commas, so
     *  `openpaytype` can be a group of checkboxes. */
    function formValues(form) {
        var out = {};
        var elements = form.elements;
        for (var i = 0; i < elements.length; i++) {
            var el = elements[i];
            var type = String(el.type || '').toLowerCase();
            var tag = String(el.nodeName).toLowerCase();
            if (!el.name || el.disabled || tag === 'fieldset' || tag === 'object'
                || /^(submit|button|reset|image|file)$/.test(type)) {
                continue;
            }
            if ((type === 'checkbox' || type === 'radio') && !el.checked) {
                continue;
            }
            var values = [];
            if (type === 'select-multiple') {
                for (var j = 0; j < el.options.length; j++) {
                    if (el.options[j].selected) {
                        values.push(el.options[j].value);
                    }
                }
            } else {
                values.push(el.value);
            }
            var joined = values.join(',');
            var list = type === 'checkbox' || type === 'select-multiple';
            out[el.name] = list && own(out, el.name) && out[el.name] !== ''
                ? out[el.name] + ',' + joined
                : joined;
        }
        return out;
    }

    function hidden(form, name, value) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
    }

    var state = { form: null, defaults: {}, params: {}, target: WINDOW_NAME };

    /** POSTs the parameters to gyeolje's popup page in the target window. */
    function open(values) {
        var eucKr = /^euc-?kr$/i.test(trim(values.charset));
        var form = document.createElement('form');
        form.method = 'post';
        form.action = BASE + POPUP_PATH;
        form.acceptCharset = eucKr ? 'EUC-KR' : 'UTF-8';
        form.style.display = 'none';
        // The browser fills `_charset_` with the encoding it used.
        hidden(form, '_charset_', '');
        for (var key in values) {
            if (own(values, key) && key !== '_charset_') {
                hidden(form, key, clean(key, values[key]));
            }
        }
        var target = state.target;
        if (!own(KEYWORD_TARGETS, target.toLowerCase())) {
            var popup = window.open('', target, WINDOW_FEATURES);
            if (popup && popup.focus) {
                popup.focus();
            }
        }
        form.target = target;
        (document.body || document.documentElement).appendChild(form);
        // Through the prototype: a parameter named "submit" would shadow it.
        window.HTMLFormElement.prototype.submit.call(form);
        window.setTimeout(function () {
            if (form.parentNode) {
                form.parentNode.removeChild(form);
            }
        }, 0);
    }

    var PayApp = {
        $: jQuery,
        jQuery: jQuery,

        /** Registers a form (its name, its id, or the element). While one
         *  is registered, only its fields are sent. */
        setForm: function (form) {
            state.form = form || null;
            return PayApp;
        },

        /** Fixed values, used by every call (not with a registered form). */
        setDefault: function (key, value) {
            assign(state.defaults, key, value);
            return PayApp;
        },

        /** Values for the next call only (not with a registered form). */
        setParam: function (key, value) {
            assign(state.params, key, value);
            return PayApp;
        },

        /** The window the popup opens in; `PayAppWindow` when unset. */
        setTarget: function (target) {
            state.target = trim(target) || WINDOW_NAME;
            return PayApp;
        },

        /** Opens the payment-request popup. Precedence without a form:
         *  setDefault < setParam < call(obj). setParam values are cleared
         *  afterwards. Ends a chain. */
        call: function (obj) {
            var values = {};
            var form = state.form ? resolveForm(state.form) : null;
            var params = state.params;
            state.params = {};
            if (state.form && !form) {
                throw new Error('PayApp.setForm: 폼을 찾을 수 없습니다: ' + state.form);
            }
            if (form) {
                values = formValues(form);
            } else {
                assign(values, state.defaults);
                assign(values, params);
                assign(values, obj);
            }
            open(values);
        }
    };

    window.PayApp = PayApp;
})(window, document);
