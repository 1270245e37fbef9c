/**
 * The error-code catalogue: every code pickpack can put in an error, declared once with its kind and meaning.
 *
 * Codes are stable (scripts, the gateway protocol and the handheld match on them) and UPPER_SNAKE.
 * The kind decides the CLI exit code:
 * - `refused`: a business rule said no (exit 1);
 * - `input`: the request, file or argument is malformed or names something that does not exist (exit 2);
 * - `internal`: a fault of ours or of the environment that is not the user's input (exit 70).
 *
 * `DomainError` takes only refused codes, `InputError` only input codes (see errors.ts), so an undeclared code or a
 * code of the wrong kind does not compile. The README's "Error codes" table is generated from this list
 * (`npm run docs:errors`).
 */
export type ErrorKind = "refused" | "input" | "internal";

export const ERROR_CODES = {
  // Orders and imports
  ORDER_NOT_FOUND: { kind: "input", means: "No order has that number or id." },
  ORDER_ILLEGAL_TRANSITION: { kind: "refused", means: "The order's status does not allow that step." },
  ORDER_NOT_CANCELLABLE: { kind: "refused", means: "The order is too far along to be cancelled." },
  ORDER_INVALID_EVENT: { kind: "refused", means: "The order event cannot apply to this order as it is." },
  ORDER_NOT_FULLY_PACKED: { kind: "refused", means: "The order cannot ship: not every unit is packed." },
  ORDER_CONCURRENT_UPDATE: { kind: "refused", means: "Someone else changed the order meanwhile; try again." },
  ORDER_RESERVE_THROUGH_STORE: { kind: "refused", means: "Orders are reserved with reserveOrder (which plans the holds), not a bare event." },
  RESERVATION_EXPIRED: { kind: "refused", means: "The order's stock reservation has expired." },
  RESERVATION_STILL_ACTIVE: { kind: "refused", means: "The reservation has not expired yet." },
  IMPORT_INVALID: { kind: "input", means: "The import file has problems (listed); nothing was imported." },
  IMPORT_SYNTAX: { kind: "input", means: "The import file is not valid JSON/JSONL/CSV of records." },
  IMPORT_FORMAT_UNKNOWN: { kind: "input", means: "The import file's format cannot be told from its name." },
  IMPORT_KIND_UNKNOWN: { kind: "input", means: "No import of that kind (orders, stock, ...)." },
  FILE_UNREADABLE: { kind: "input", means: "A file named on the command line cannot be read." },
  JSON_INVALID: { kind: "input", means: "A file that must hold JSON does not." },
  CONFIG_INVALID: { kind: "input", means: "A configuration value (environment variable) is invalid." },
  DATABASE_TARGET_EMPTY: { kind: "input", means: "The database path or URL is empty." },
  DATABASE_OPEN_FAILED: { kind: "input", means: "The database cannot be opened or prepared at that path or URL." },
  DATABASE_NOT_FOUND: { kind: "input", means: "No pickpack database at that path or URL: `pickpack init` creates one." },
  ACTOR_INVALID: { kind: "input", means: "--actor / PICKPACK_ACTOR is empty or has characters an audit row cannot hold." },
  // Command line
  USAGE: { kind: "input", means: "The command's arguments are wrong (see the message)." },
  ARGUMENT_INVALID: { kind: "input", means: "An option's value is invalid." },
  // Order-system HTTP API and API keys
  // (api: add codes here)
  // Outbox relay and webhooks
  // (delivery: add codes here)
  // Message broker, inbox and carrier tracking in
  // (broker: add codes here)
  // Handheld
  // (handheld: add codes here)
  // Reports and alerts
  // (reports: add codes here)
  REPORT_PERIOD_INVALID: { kind: "input", means: "The report period (--day, --week, --from/--to) is malformed or empty." },
  REPORT_CONFIG_INVALID: { kind: "input", means: "The report config file (KPI targets, alert thresholds) has problems (listed)." },
  DASHBOARD_NO_TTY: { kind: "input", means: "The dashboard needs an interactive terminal." },
  // Metrics and the shift simulator
  // (ops: add codes here)
  // Hardening
  // (hardening: add codes here)
  ARGUMENT_MISSING: { kind: "input", means: "A required argument is missing." },
  ARGUMENT_CONFLICT: { kind: "input", means: "Two arguments that exclude each other were both given." },
  DATE_INVALID: { kind: "input", means: "A date is not YYYY-MM-DD." },
  TIME_ZONE_INVALID: { kind: "input", means: "Not an IANA time zone name." },
  // Warehouses, stock, allocation
  WAREHOUSE_NOT_FOUND: { kind: "input", means: "No warehouse has that code." },
  LOCATION_NOT_FOUND: { kind: "input", means: "No location has that code in the warehouse." },
  LAYOUT_MISSING: { kind: "refused", means: "The warehouse has no layout, which this step needs." },
  LAYOUT_INVALID: { kind: "input", means: "The warehouse layout file is not valid." },
  LOCATION_OUTSIDE_LAYOUT: { kind: "refused", means: "A location lies outside the warehouse layout." },
  STOCK_MISSING_AT_SHIPPING: { kind: "refused", means: "The warehouse lacks the held stock to ship the order." },
  ALLOCATION_INPUT_INVALID: { kind: "input", means: "The allocation input has problems (listed)." },
  // Planning and routing
  WAVES_INPUT_INVALID: { kind: "input", means: "The wave planning input has problems (listed)." },
  BATCHING_INPUT_INVALID: { kind: "input", means: "The trip batching input has problems (listed)." },
  WAVE_NOT_FOUND: { kind: "input", means: "No wave has that id." },
  WAVE_ID_INVALID: { kind: "input", means: "A wave id must be a number such as 3 (or W3)." },
  WAVE_NOT_PLANNED: { kind: "refused", means: "The wave is not in the planned state (already released or done)." },
  PICKS_INVALID: { kind: "input", means: "The pick points file is not valid or lies outside the layout." },
  ROUTE_BAD_METHOD: { kind: "input", means: "Unknown routing method." },
  ROUTE_BAD_LAYOUT: { kind: "input", means: "The layout cannot be used for routing." },
  ROUTE_BAD_PICKS: { kind: "input", means: "Some pick points lie outside the layout." },
  ROUTE_MISSING_INPUT: { kind: "input", means: "route needs --layout/--picks or --warehouse/--locations." },
  ROUTE_CONFLICTING_INPUT: { kind: "input", means: "route got both files and stored locations." },
  // Picking
  PICK_LIST_NOT_FOUND: { kind: "input", means: "No pick list has that id." },
  PICK_LIST_NOT_RELEASED: { kind: "refused", means: "The pick list's wave is not released yet." },
  PICK_LIST_CLOSED: { kind: "refused", means: "The pick list is already closed." },
  PICK_NOT_ON_TRIP: { kind: "refused", means: "That line is not on the picker's trip." },
  PICK_LINE_DONE: { kind: "refused", means: "The pick line is already done." },
  PICK_WRONG_LOCATION: { kind: "refused", means: "The scanned location is not the line's location." },
  PICK_LOCATION_NOT_CONFIRMED: { kind: "refused", means: "Scan the location before the item." },
  PICK_WRONG_ITEM: { kind: "refused", means: "The scanned item is not the line's SKU." },
  PICK_OVERPICK: { kind: "refused", means: "More units than the line still needs." },
  PICK_STOCK_MISSING: { kind: "refused", means: "The location does not hold the stock to pick." },
  PICK_NOT_SHORT: { kind: "refused", means: "The line can still be picked in full; no short pick." },
  PICK_TRIP_NOT_DONE: { kind: "refused", means: "The trip still has lines to pick or short." },
  PICK_NOTHING_TO_PICK: { kind: "refused", means: "The trip has nothing left to pick." },
  PICK_NOTHING_RELEASED: { kind: "refused", means: "No released pick list is waiting." },
  PICK_QUANTITY_INVALID: { kind: "input", means: "A pick quantity must be a whole number of 1 or more." },
  TASK_NOT_FOUND: { kind: "input", means: "No task has that id." },
  TASK_ALREADY_DONE: { kind: "refused", means: "The task is already done." },
  TASK_LOCATION_REQUIRED: { kind: "input", means: "The task needs a location." },
  TASK_COUNT_REQUIRED: { kind: "input", means: "The task needs a counted quantity." },
  // Packing and shipping
  WAVE_NOT_CANCELLABLE: { kind: "refused", means: "The wave is completed or already cancelled." },
  WAVE_ALREADY_STARTED: { kind: "refused", means: "Picking began on one of the wave's pick lists: it can no longer be cancelled." },
  PICK_STOP_NOT_FOUND: { kind: "input", means: "The trip has no stop with that number." },
  BACKORDER_NOT_FOUND: { kind: "input", means: "No back-order has that id." },
  BACKORDER_NOT_OPEN: { kind: "refused", means: "Only an open back-order can be cancelled." },
  BACKORDER_REASON_REQUIRED: { kind: "input", means: "Cancelling a back-order needs a --reason." },
  PACK_WRONG_LABEL: { kind: "refused", means: "The scanned label belongs to another carton (the message names it, n of m)." },
  PACK_BOX_TOO_SMALL: { kind: "refused", means: "The box cannot hold the carton's items (a dimension in every rotation, or its maximum weight)." },
  PACK_SHIPS_ELSEWHERE: { kind: "refused", means: "The line, or the whole order, ships from another warehouse than this station's." },
  PACK_WRONG_ITEM: { kind: "refused", means: "The scanned item is not in the order." },
  PACK_OVERPACK: { kind: "refused", means: "More units than the order still needs packed." },
  PACK_NO_OPEN_CARTON: { kind: "refused", means: "No carton is open: choose a box first." },
  PACK_CARTON_ALREADY_OPEN: { kind: "refused", means: "A carton is already open." },
  PACK_CARTON_EMPTY: { kind: "refused", means: "The carton is empty: scan items into it first." },
  PACK_ALL_PACKED: { kind: "refused", means: "Every unit of the order is already packed." },
  PACK_WEIGHT_OUT_OF_TOLERANCE: { kind: "refused", means: "The carton's weight is outside the tolerance of its expected weight." },
  PACK_WEIGHT_MISSING: { kind: "refused", means: "The carton is waiting for its weight." },
  PACK_BOX_UNKNOWN: { kind: "input", means: "No box type has that code." },
  PACK_BOX_REASON_REQUIRED: { kind: "refused", means: "Choosing another box than the suggested one needs a reason." },
  PACK_NO_BOX_FITS: { kind: "refused", means: "No box type fits the items." },
  PACK_ORDER_NOT_PACKABLE: { kind: "refused", means: "The order is not waiting for packing." },
  PACK_NOT_AN_ITEM: { kind: "refused", means: "The scan is not an item of the catalogue." },
  PACK_OVERRIDE_NOT_SUPERVISOR: { kind: "refused", means: "Only a supervisor's badge can override a refused weight." },
  PACK_OVERRIDE_REASON_REQUIRED: { kind: "refused", means: "A weight override needs a reason." },
  PACK_NOT_PICKED: { kind: "refused", means: "The units are not picked yet." },
  PACK_WRONG_WAREHOUSE: { kind: "refused", means: "The order belongs to another warehouse than the station's." },
  PACK_NO_WAREHOUSE: { kind: "refused", means: "No warehouse is defined." },
  PACK_TOTE_UNKNOWN: { kind: "input", means: "The tote is not assigned to an order waiting for packing." },
  PACK_START_INPUT: { kind: "input", means: "Packing needs an order number or a tote." },
  PACK_SCAN_INPUT: { kind: "input", means: "Give the scanned barcode or the SKU." },
  PACK_ORDER_IN_PROGRESS: { kind: "refused", means: "The station has an unfinished carton of another order." },
  PACK_NO_ORDER: { kind: "refused", means: "No order is open at this station." },
  PACK_NOT_WEIGHING: { kind: "refused", means: "The station is not waiting for a weight." },
  PACK_NO_SCALE_READING: { kind: "refused", means: "No stable weight from the station's scale." },
  PACK_NO_OVERRIDE_NEEDED: { kind: "refused", means: "No weight was refused at this station." },
  PACK_NO_LABEL: { kind: "refused", means: "No label is waiting to be confirmed at this station." },
  PACK_NOTHING_TO_PRINT: { kind: "refused", means: "No label to print again." },
  PACK_CANCEL_NOT_SUPPORTED: { kind: "refused", means: "A carton cannot be unpacked at the station." },
  PACK_UNKNOWN_COMMAND: { kind: "input", means: "Unknown command barcode." },
  PACK_NO_TTY: { kind: "input", means: "pickpack pack needs an interactive terminal." },
  PACK_STATION_INVALID: { kind: "input", means: "--station must be 1-32 of A-Z a-z 0-9 . _ -." },
  PACK_UNIT_INVALID: { kind: "input", means: "--unit is not a known weight unit." },
  PACK_GATEWAY_INVALID: { kind: "input", means: "--gateway is not a gateway URL." },
  PACK_TOKEN_MISSING: { kind: "input", means: "The station has no device token: pair it first." },
  PACK_PAIR_FAILED: { kind: "refused", means: "The gateway refused to pair the station." },
  SHIPMENT_NOT_FOUND: { kind: "input", means: "No shipment has that number." },
  SHIP_NO_SHIPMENT: { kind: "refused", means: "The order has no shipment: pack it first." },
  SHIPMENT_FILE_INVALID: { kind: "input", means: "The file does not describe a shipment." },
  SHIPMENT_REQUEST_INVALID: { kind: "input", means: "The shipment request to the carrier is invalid." },
  WEIGHT_INVALID: { kind: "input", means: "A measured weight must be a number of grams of 0 or more." },
  WEIGHT_TOLERANCE_INVALID: { kind: "input", means: "The weight tolerance settings are invalid." },
  // Carrier, manifests, labels, printing
  CARRIER_SERVICE_UNKNOWN: { kind: "refused", means: "The carrier has no such service." },
  CARRIER_PARCEL_TOO_HEAVY: { kind: "refused", means: "A parcel is heavier than the carrier's service allows." },
  TRACKING_SERIAL_EXHAUSTED: { kind: "refused", means: "The carrier's tracking serial numbers are used up." },
  MANIFEST_EMPTY: { kind: "refused", means: "No shipment is waiting for a close-out." },
  MANIFEST_CONFLICT: { kind: "refused", means: "Another close-out took these shipments meanwhile." },
  MANIFEST_NOT_FOUND: { kind: "input", means: "No manifest has that number." },
  SSCC_CONFIG_INVALID: { kind: "input", means: "The SSCC configuration is invalid." },
  SSCC_SERIAL_EXHAUSTED: { kind: "refused", means: "The SSCC serial reference does not fit in its digits." },
  GS1_ELEMENT_STRING_INVALID: { kind: "input", means: "The data cannot be written as a GS1 element string." },
  LABEL_DATA_INVALID: { kind: "input", means: "The shipping label data is invalid." },
  LABEL_FONT_MISSING: { kind: "internal", means: "A font the label needs is not installed." },
  LABEL_NOT_RENDERED: { kind: "internal", means: "The label could not be rendered." },
  BARCODE_DATA_INVALID: { kind: "input", means: "The data cannot be encoded in that symbology." },
  PRINTER_TARGET_INVALID: { kind: "input", means: "The printer is not tcp://HOST[:PORT] or file:PATH." },
  PRINTER_NOT_CONFIGURED: { kind: "input", means: "No printer is configured." },
  PRINTER_NOT_FOUND: { kind: "refused", means: "The printer (CUPS queue, host or file folder) does not exist; the job is kept." },
  PRINTER_OFFLINE: { kind: "refused", means: "The printer is stopped, not accepting jobs or unreachable; the job is kept." },
  PRINTER_CONNECTION_REFUSED: { kind: "refused", means: "The printer refused the connection; the job is kept." },
  PRINTER_TIMEOUT: { kind: "refused", means: "The printer did not answer in time; the job is kept." },
  CUPS_UNAVAILABLE: { kind: "refused", means: "CUPS (lp) is not available on this machine; the job is kept." },
  PRINT_FAILED: { kind: "refused", means: "The print job failed; the job is kept." },
  // Scanning and devices
  SCAN_EMPTY: { kind: "input", means: "The scan is empty." },
  SCAN_TOO_LONG: { kind: "input", means: "The scan is longer than the limit." },
  SCAN_CONTROL_CHARACTER: { kind: "input", means: "The scan contains a control character other than GS." },
  SCAN_RULES_INVALID: { kind: "input", means: "The scan rules are invalid." },
  SCAN_SKUS_FILE_INVALID: { kind: "input", means: "The SKUs file is not a list of { sku, name, barcodes }." },
  GS1_EMPTY: { kind: "input", means: "The GS1 element string is empty." },
  GS1_UNKNOWN_AI: { kind: "input", means: "Unknown or unsupported GS1 application identifier." },
  GS1_BAD_BRACKETS: { kind: "input", means: "Not a bracketed GS1 element string." },
  GS1_DUPLICATE_AI: { kind: "input", means: "An application identifier appears twice with different values." },
  GS1_EXCLUSIVE_AIS: { kind: "input", means: "Two application identifiers that exclude each other appear together." },
  GS1_BAD_LENGTH: { kind: "input", means: "A GS1 value has the wrong length." },
  GS1_NOT_NUMERIC: { kind: "input", means: "A GS1 value must be digits." },
  GS1_BAD_CHARACTER: { kind: "input", means: "A GS1 value has a character outside GS1 character set 82." },
  GS1_BAD_CHECK_DIGIT: { kind: "input", means: "A GS1 value's check digit is wrong." },
  GS1_BAD_DATE: { kind: "input", means: "A GS1 date is not a valid YYMMDD date." },
  HEX_EMPTY: { kind: "input", means: "The hex string is empty." },
  HEX_BAD_CHAR: { kind: "input", means: "The hex string has a character that is not a hex digit." },
  HEX_ODD_LENGTH: { kind: "input", means: "The hex string has an odd number of digits." },
  HIDPOS_SHORT_REPORT: { kind: "input", means: "A HID POS report is too short." },
  HIDPOS_BAD_AIM: { kind: "input", means: "A HID POS report has a malformed AIM identifier." },
  HIDPOS_BAD_LENGTH: { kind: "input", means: "A HID POS report's data length does not fit." },
  HIDPOS_UNFINISHED: { kind: "input", means: "The recording ends while a report says more follow." },
  KEYBOARD_BAD_LENGTH: { kind: "input", means: "A keyboard report is not 8 (or 9) bytes." },
  KEYBOARD_UNTYPEABLE: { kind: "input", means: "A character cannot be typed on the keyboard layout." },
  KEYBOARD_LAYOUT_UNKNOWN: { kind: "input", means: "Unknown keyboard layout." },
  SCALE_SHORT_REPORT: { kind: "input", means: "A scale report is shorter than 6 bytes." },
  SCALE_WRONG_REPORT_ID: { kind: "input", means: "The report is not a scale data report (id 3)." },
  SCALE_UNKNOWN_STATUS: { kind: "input", means: "A scale report has an unknown status." },
  SCALE_UNKNOWN_UNIT: { kind: "input", means: "A scale report has an unknown weight unit." },
  DEVICES_HEX_INVALID: { kind: "input", means: "Some reports given to devices decode are not hex." },
  DEVICES_DECODE_REJECTED: { kind: "input", means: "Some reports were rejected by the decoder." },
  STATION_MAP_INVALID: { kind: "input", means: "The station map file is not a list of { station, vendorId, productId, ... }." },
  HID_ENUMERATE_FAILED: { kind: "internal", means: "Listing the HID devices failed." },
  HID_OPEN_FAILED: { kind: "internal", means: "A HID device could not be opened." },
  HID_LIBUSB_MISSING: { kind: "internal", means: "USB HID needs the system library libusb-1.0." },
  HID_LIBUDEV_MISSING: { kind: "internal", means: "USB HID needs the system library libudev." },
  HID_NODE_HID_MISSING: { kind: "internal", means: "The node-hid package is not installed." },
  HID_NATIVE_MISSING: { kind: "internal", means: "node-hid's native module cannot be loaded." },
  HID_UNAVAILABLE: { kind: "internal", means: "USB HID devices cannot be used on this machine." },
  GATEWAY_NOT_BUILT: { kind: "internal", means: "The scanner gateway is not built." },
  GATEWAY_PORT_INVALID: { kind: "input", means: "--port must be 0..65535." },
  GATEWAY_PORT_IN_USE: { kind: "refused", means: "The gateway's port is in use by another process: stop it or choose another --port." },
  // Gateway protocol (sent to devices; see core/src/protocol)
  INVALID_PAYLOAD: { kind: "input", means: "The payload failed validation (see issues); nothing was written." },
  UNKNOWN_EVENT: { kind: "input", means: "No such event." },
  NOT_FOUND: { kind: "input", means: "No such HTTP route on the gateway." },
  UNAUTHORIZED: { kind: "refused", means: "No token, or a token that is malformed or not signed by this site." },
  TOKEN_EXPIRED: { kind: "refused", means: "The device token has expired." },
  DEVICE_REVOKED: { kind: "refused", means: "The device was revoked by a supervisor." },
  FORBIDDEN: { kind: "refused", means: "This device's role may not send this event." },
  RATE_LIMITED: { kind: "refused", means: "Too many events from this device: slow down and retry later." },
  NOT_LOGGED_IN: { kind: "refused", means: "A person must scan their badge first (session.login)." },
  UNKNOWN_BADGE: { kind: "refused", means: "The badge belongs to nobody known." },
  UNKNOWN_DEVICE: { kind: "refused", means: "The device is not known (or no longer)." },
  SCAN_ID_REUSED: { kind: "input", means: "The scanId was already used on this device for another command." },
  STATION_NOT_OPEN: { kind: "refused", means: "Open the station first (station.open)." },
  STATION_REQUIRED: { kind: "refused", means: "The device was paired without a station: name one in station.open." },
  STATION_MISMATCH: { kind: "refused", means: "The device is paired for another station." },
  PAIRING_CODE_INVALID: { kind: "refused", means: "The pairing code is wrong." },
  PAIRING_CODE_EXPIRED: { kind: "refused", means: "The pairing code has expired." },
  PAIRING_CODE_USED: { kind: "refused", means: "The pairing code was already used." },
  PAIRING_CODE_LOCKED: { kind: "refused", means: "Too many wrong pairing codes: pairing is locked for a while." },
  PAIRING_CODES_EXHAUSTED: { kind: "refused", means: "Too many pairing codes are open; wait for some to expire." },
  UNAVAILABLE: { kind: "internal", means: "The service is stopping; retry against another node or after restart." },
  NOT_IMPLEMENTED: { kind: "internal", means: "The required domain service is not part of this gateway build." },
  INTERNAL: { kind: "internal", means: "A bug: logged with details on the server; the command was not applied." },
} as const satisfies Record<string, { readonly kind: ErrorKind; readonly means: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
/** The codes of one kind. */
export type CodeOfKind<K extends ErrorKind> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]["kind"] extends K ? C : never }[ErrorCode];
/** Codes a `DomainError` may carry: a business rule said no (exit 1). */
export type RefusalCode = CodeOfKind<"refused">;
/** Codes an `InputError` may carry: malformed input or a name that does not exist (exit 2). */
export type InputCode = CodeOfKind<"input">;
/** Codes of faults that are not the user's input (exit 70). */
export type InternalCode = CodeOfKind<"internal">;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The kind of a declared code; undefined for a string that is not in the catalogue. */
export function errorKindOf(code: string): ErrorKind | undefined {
  return isErrorCode(code) ? ERROR_CODES[code].kind : undefined;
}
