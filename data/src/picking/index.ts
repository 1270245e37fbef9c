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
export { nextPickTask } from "./trip.js";
export { shortPick, type ShortPickResult } from "./short-pick.js";
export { listTasks, completeTask, type TaskView, type TaskType } from "./tasks.js";
