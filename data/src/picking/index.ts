// Picking in the store: pick lists (queries), the picking service (trip steps, short pick), tasks.
export { listPickLists, getPickList, parsePickListId, type PickListSummary, type PickListView, type PickListStopView, type ReadSource } from "./picklists.js";
export {
  PickingService,
  assignNextPickList,
  confirmPickLocation,
  confirmPickItem,
  skipPickLine,
  completePickTrip,
  type PickTask,
  type PickItemResult,
  type TripCompletion,
} from "./service.js";
export { nextPickTask, tripMetresToGo, tripTasks } from "./trip.js";
export { shortPick, type ShortPickRequest, type ShortPickResult } from "./short-pick.js";
export { listTasks, completeTask, type TaskView, type TaskType } from "./tasks.js";
export { listBackorders, backordersOf, type BackorderView, type BackorderFilter } from "./backorders.js";
export { reallocateBackordersInTx, reallocateBackorders, cancelBackorderInTx, cancelBackorder, BACKORDER_STATUS, type BackorderReallocation, type BackorderCancellation } from "./backorder-service.js";
