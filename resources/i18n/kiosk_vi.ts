<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>Action</name>
    <message>
        <source>accept config</source>
        <translation>chấp nhận cấu hình</translation>
    </message>
    <message>
        <source>activate</source>
        <translation>kích hoạt</translation>
    </message>
    <message>
        <source>add holiday</source>
        <translation>thêm ngày lễ</translation>
    </message>
    <message>
        <source>add leave</source>
        <translation>thêm ngày nghỉ</translation>
    </message>
    <message>
        <source>add manual event</source>
        <translation>thêm lượt chấm công thủ công</translation>
    </message>
    <message>
        <source>add shift</source>
        <translation>thêm ca</translation>
    </message>
    <message>
        <source>assign shift</source>
        <translation>giao ca</translation>
    </message>
    <message>
        <source>clock jump</source>
        <translation>đồng hồ bị chỉnh</translation>
    </message>
    <message>
        <source>deactivate</source>
        <translation>ngừng kích hoạt</translation>
    </message>
    <message>
        <source>delete employee</source>
        <translation>xóa nhân viên</translation>
    </message>
    <message>
        <source>delete holiday</source>
        <translation>xóa ngày lễ</translation>
    </message>
    <message>
        <source>delete leave</source>
        <translation>xóa ngày nghỉ</translation>
    </message>
    <message>
        <source>delete shift</source>
        <translation>xóa ca</translation>
    </message>
    <message>
        <source>delete templates</source>
        <translation>xóa mẫu khuôn mặt</translation>
    </message>
    <message>
        <source>department shift</source>
        <translation>ca của phòng ban</translation>
    </message>
    <message>
        <source>edit shift</source>
        <translation>sửa ca</translation>
    </message>
    <message>
        <source>enrol</source>
        <translation>đăng ký</translation>
    </message>
    <message>
        <source>export key</source>
        <translation>xuất khóa</translation>
    </message>
    <message>
        <source>import pin</source>
        <translation>nhập mã PIN</translation>
    </message>
    <message>
        <source>purge</source>
        <translation>xóa theo hạn lưu</translation>
    </message>
    <message>
        <source>reject look</source>
        <translation>ghi nhận &quot;không phải tôi&quot;</translation>
    </message>
    <message>
        <source>reset pin</source>
        <translation>đặt lại mã PIN</translation>
    </message>
    <message>
        <source>resolve review</source>
        <translation>xử lý mục cần xem lại</translation>
    </message>
    <message>
        <source>retention erase</source>
        <translation>hủy theo hạn lưu</translation>
    </message>
    <message>
        <source>set checkin pin</source>
        <translation>đặt mã PIN chấm công</translation>
    </message>
    <message>
        <source>set pin</source>
        <translation>đặt mã PIN</translation>
    </message>
    <message>
        <source>setup code</source>
        <translation>mã thiết lập</translation>
    </message>
    <message>
        <source>update employee</source>
        <translation>cập nhật nhân viên</translation>
    </message>
    <message>
        <source>void event</source>
        <translation>hủy lượt chấm công</translation>
    </message>
    <message>
        <source>withdraw consent</source>
        <translation>rút lại sự đồng ý</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Welcome! Choose the admin PIN. It protects enrolment, the employee list, attendance and settings.</source>
        <translation>Xin chào! Hãy chọn mã PIN quản trị. Mã này bảo vệ việc đăng ký, danh sách nhân viên, chấm công và cài đặt.</translation>
    </message>
    <message>
        <source>Something went wrong: {problem}</source>
        <translation>Đã xảy ra lỗi: {problem}</translation>
    </message>
    <message>
        <source>The details are in {file}.</source>
        <translation>Chi tiết nằm trong {file}.</translation>
    </message>
    <message>
        <source>Face kiosk</source>
        <translation>Máy chấm công khuôn mặt</translation>
    </message>
    <message>
        <source>The kiosk cannot start:</source>
        <translation>Máy chấm công không khởi động được:</translation>
    </message>
</context>
<context>
    <name>AttendancePage</name>
    <message>
        <source>Presentation attacks</source>
        <translation>Giả mạo khuôn mặt</translation>
    </message>
    <message>
        <source>Timesheet</source>
        <translation>Bảng công</translation>
    </message>
    <message>
        <source>To correct</source>
        <translation>Cần sửa</translation>
    </message>
    <message>
        <source>Who is in</source>
        <translation>Ai đang có mặt</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Cần xem lại</translation>
    </message>
    <message>
        <source>nobody recognised</source>
        <translation>không nhận ra ai</translation>
    </message>
    <message>
        <source>Show voided</source>
        <translation>Hiện lượt đã hủy</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Mới nhất trước</translation>
    </message>
    <message>
        <source>Pay period…</source>
        <translation>Kỳ lương…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Máy chấm công</translation>
    </message>
    <message>
        <source>No attendance events match these filters</source>
        <translation>Không có lượt chấm công nào khớp bộ lọc</translation>
    </message>
    <message>
        <source>Add event…</source>
        <translation>Thêm lượt…</translation>
    </message>
    <message>
        <source>Void selected event…</source>
        <translation>Hủy lượt đã chọn…</translation>
    </message>
    <message>
        <source>Nobody checked in during this period</source>
        <translation>Không ai chấm công vào trong khoảng thời gian này</translation>
    </message>
    <message>
        <source>No presentation attacks in this period</source>
        <translation>Không có lần giả mạo nào trong khoảng thời gian này</translation>
    </message>
    <message>
        <source>Nothing audited yet</source>
        <translation>Chưa có mục kiểm tra nào</translation>
    </message>
    <message>
        <source>Nobody was scheduled or worked in this period</source>
        <translation>Không ai có lịch hoặc làm việc trong khoảng thời gian này</translation>
    </message>
    <message>
        <source>Nothing to correct in this period</source>
        <translation>Không có gì cần sửa trong khoảng thời gian này</translation>
    </message>
    <message>
        <source>Nobody is checked in</source>
        <translation>Hiện không có ai đang chấm công vào</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Lượt chấm công</translation>
    </message>
    <message>
        <source>Daily summary</source>
        <translation>Tổng hợp theo ngày</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Biểu đồ</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Nhật ký kiểm tra</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>Xuất XLSX…</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Chấm công</translation>
    </message>
    <message>
        <source>All employees</source>
        <translation>Tất cả nhân viên</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>Tất cả phòng ban</translation>
    </message>
    <message>
        <source>All kiosks</source>
        <translation>Tất cả máy chấm công</translation>
    </message>
    <message>
        <source>Checking the attendance record…</source>
        <translation>Đang kiểm tra sổ chấm công…</translation>
    </message>
    <message numerus="yes">
        <source>Attendance record verified: %Ln chained row(s), none changed outside the app.</source>
        <translation>
            <numerusform>Đã xác minh sổ chấm công: %Ln dòng liên kết, không dòng nào bị sửa ngoài ứng dụng.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln lượt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %Ln event(s) to {file}</source>
        <translation>
            <numerusform>Đang ghi %Ln lượt vào {file}</numerusform>
        </translation>
    </message>
    <message>
        <source>The attendance record was changed outside the app ({problem}): run `python main.py audit verify`, restore a backup.</source>
        <translation>Sổ chấm công đã bị sửa ngoài ứng dụng ({problem}): hãy chạy `python main.py audit verify` và khôi phục bản sao lưu.</translation>
    </message>
    <message>
        <source>Counting events…</source>
        <translation>Đang đếm lượt chấm công…</translation>
    </message>
    <message>
        <source>Summarising</source>
        <translation>Đang tổng hợp</translation>
    </message>
    <message>
        <source>Loading events: {done} of {total}</source>
        <translation>Đang tải lượt chấm công: {done}/{total}</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Sổ tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export attendance</source>
        <translation>Xuất dữ liệu chấm công</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Đang xuất</translation>
    </message>
    <message>
        <source>Exported {files}</source>
        <translation>Đã xuất {files}</translation>
    </message>
    <message>
        <source>Export failed: {problem}</source>
        <translation>Xuất thất bại: {problem}</translation>
    </message>
    <message>
        <source>Void the check-in of {name} ({code}) at {time}? It stays in the log, marked void.</source>
        <translation>Hủy lượt chấm công vào của {name} ({code}) lúc {time}? Lượt này vẫn ở trong sổ, được đánh dấu đã hủy.</translation>
    </message>
    <message>
        <source>Void the check-out of {name} ({code}) at {time}? It stays in the log, marked void.</source>
        <translation>Hủy lượt chấm công ra của {name} ({code}) lúc {time}? Lượt này vẫn ở trong sổ, được đánh dấu đã hủy.</translation>
    </message>
    <message>
        <source>Void attendance event</source>
        <translation>Hủy lượt chấm công</translation>
    </message>
    <message>
        <source>Added a check-in for {code}.</source>
        <translation>Đã thêm lượt chấm công vào cho {code}.</translation>
    </message>
    <message>
        <source>Added a check-out for {code}.</source>
        <translation>Đã thêm lượt chấm công ra cho {code}.</translation>
    </message>
    <message>
        <source>Adding the event</source>
        <translation>Đang thêm lượt chấm công</translation>
    </message>
    <message>
        <source>Voiding the event</source>
        <translation>Đang hủy lượt chấm công</translation>
    </message>
    <message>
        <source>Voided event {number}.</source>
        <translation>Đã hủy lượt số {number}.</translation>
    </message>
</context>
<context>
    <name>CheckInPinDialog</name>
    <message>
        <source>Check-in PIN</source>
        <translation>Mã PIN chấm công</translation>
    </message>
    <message>
        <source>The PIN {who} types with their code to check in without the face ({low}-{high} digits).</source>
        <translation>Mã PIN mà {who} nhập cùng mã nhân viên để chấm công không cần khuôn mặt ({low}-{high} chữ số).</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Nhập lại mã PIN</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Hai mã PIN không giống nhau.</translation>
    </message>
</context>
<context>
    <name>CodeCheckInDialog</name>
    <message>
        <source>Check in with code</source>
        <translation>Chấm công bằng mã</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>Mã nhân viên</translation>
    </message>
    <message>
        <source>Check-in PIN</source>
        <translation>Mã PIN chấm công</translation>
    </message>
    <message>
        <source>Your new PIN</source>
        <translation>Mã PIN mới của bạn</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>Nhập lại mã PIN mới</translation>
    </message>
    <message>
        <source>Your employee code (or hold your badge to the reader) and your check-in PIN.</source>
        <translation>Nhập mã nhân viên (hoặc đưa thẻ vào đầu đọc) và mã PIN chấm công của bạn.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>Enter your employee code and your PIN.</source>
        <translation>Hãy nhập mã nhân viên và mã PIN của bạn.</translation>
    </message>
    <message>
        <source>The two new PINs differ.</source>
        <translation>Hai mã PIN mới không giống nhau.</translation>
    </message>
</context>
<context>
    <name>Column</name>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Máy chấm công</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Độ giống</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Cách thức</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>First in</source>
        <translation>Vào đầu tiên</translation>
    </message>
    <message>
        <source>Last out</source>
        <translation>Ra cuối cùng</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Số giờ</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>Số lượt</translation>
    </message>
    <message>
        <source>Presented as</source>
        <translation>Giả làm</translation>
    </message>
    <message>
        <source>Live score</source>
        <translation>Điểm người thật</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>Số lần nhìn</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Vệt theo dõi</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Hành động</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Theo lịch</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Vào</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Ra</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>Đã làm</translation>
    </message>
    <message>
        <source>Late (min)</source>
        <translation>Muộn (phút)</translation>
    </message>
    <message>
        <source>Early leave (min)</source>
        <translation>Về sớm (phút)</translation>
    </message>
    <message>
        <source>Overtime</source>
        <translation>Tăng ca</translation>
    </message>
    <message>
        <source>To correct</source>
        <translation>Cần sửa</translation>
    </message>
    <message>
        <source>In since</source>
        <translation>Vào từ</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Mẫu khuôn mặt</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Ngày đăng ký</translation>
    </message>
    <message>
        <source>Needs a look</source>
        <translation>Cần xem</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Lần cuối thấy</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>Tồn đọng</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>Lượt gần nhất</translation>
    </message>
    <message>
        <source>FPS</source>
        <translation>FPS</translation>
    </message>
    <message>
        <source>Clock (s)</source>
        <translation>Đồng hồ (giây)</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>Kiểm tra người thật</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Máy</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>What it is for</source>
        <translation>Dùng để làm gì</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Giấy phép</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Break (min)</source>
        <translation>Nghỉ (phút)</translation>
    </message>
    <message>
        <source>Grace (min)</source>
        <translation>Cho phép (phút)</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Các ngày</translation>
    </message>
    <message>
        <source>Flexible</source>
        <translation>Linh hoạt</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>Ngày lễ</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Khi nào</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Việc gì</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Ai</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Biên</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <source>No attendance in this range</source>
        <translation>Không có dữ liệu chấm công trong khoảng này</translation>
    </message>
    <message>
        <source>People present per day</source>
        <translation>Số người có mặt mỗi ngày</translation>
    </message>
    <message>
        <source>people</source>
        <translation>người</translation>
    </message>
</context>
<context>
    <name>EmployeeDialog</name>
    <message>
        <source>Edit {code}</source>
        <translation>Sửa {code}</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message>
        <source>Deleted {name} ({code})</source>
        <translation>Đã xóa {name} ({code})</translation>
    </message>
    <message>
        <source>Erased the face data of {name} ({code})</source>
        <translation>Đã hủy dữ liệu khuôn mặt của {name} ({code})</translation>
    </message>
    <message>
        <source>destroyed {templates} face template(s), {photos} kept photo(s), {thumbnails} face thumbnail(s), {looks} &quot;not me&quot; face(s). Receipt kept in the audit log.</source>
        <translation>đã hủy {templates} mẫu khuôn mặt, {photos} ảnh lưu, {thumbnails} ảnh thu nhỏ khuôn mặt, {looks} khuôn mặt &quot;không phải tôi&quot;. Biên nhận được lưu trong nhật ký kiểm tra.</translation>
    </message>
    <message>
        <source>Look-alike pairs: {count}, told apart by a margin of {margin}: {pairs}</source>
        <translation>Cặp người giống nhau: {count}, phân biệt với biên {margin}: {pairs}</translation>
    </message>
    <message>
        <source> and {more} more</source>
        <translation> và {more} cặp khác</translation>
    </message>
    <message>
        <source>Templates unlike the rest of their person (re-enrol?): {count}: {people}</source>
        <translation>Mẫu không giống các mẫu khác của cùng người (đăng ký lại?): {count}: {people}</translation>
    </message>
    <message>
        <source>Search code, name or department</source>
        <translation>Tìm theo mã, họ tên hoặc phòng ban</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Ngừng kích hoạt</translation>
    </message>
    <message>
        <source>Re-enrol…</source>
        <translation>Đăng ký lại…</translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation>Rút lại sự đồng ý…</translation>
    </message>
    <message>
        <source>Consent withdrawn: destroy the face templates, kept photos and face thumbnails; the employee and history stay</source>
        <translation>Rút lại sự đồng ý: hủy mẫu khuôn mặt, ảnh lưu và ảnh thu nhỏ khuôn mặt; nhân viên và lịch sử vẫn giữ</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>Check-in PIN…</source>
        <translation>Mã PIN chấm công…</translation>
    </message>
    <message>
        <source>The PIN this employee types with their code to check in without the face</source>
        <translation>Mã PIN nhân viên này nhập cùng mã nhân viên để chấm công không cần khuôn mặt</translation>
    </message>
    <message>
        <source>Setup code…</source>
        <translation>Mã thiết lập…</translation>
    </message>
    <message>
        <source>A one-time code: the employee types it at the kiosk, then chooses their own check-in PIN</source>
        <translation>Mã dùng một lần: nhân viên nhập mã này tại máy chấm công, rồi tự chọn mã PIN chấm công</translation>
    </message>
    <message>
        <source>Add without face…</source>
        <translation>Thêm không cần khuôn mặt…</translation>
    </message>
    <message>
        <source>An employee who checks in with code and PIN only: no photo, no template</source>
        <translation>Nhân viên chỉ chấm công bằng mã và mã PIN: không ảnh, không mẫu khuôn mặt</translation>
    </message>
    <message>
        <source>Kept face photos</source>
        <translation>Ảnh khuôn mặt đã lưu</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Nhân viên</translation>
    </message>
    <message numerus="yes">
        <source>%Ln employee(s)</source>
        <translation>
            <numerusform>%Ln nhân viên</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln employee(s) found</source>
        <translation>
            <numerusform>Tìm thấy %Ln nhân viên</numerusform>
        </translation>
    </message>
    <message>
        <source>Check-in PIN of {name} ({code}) set.</source>
        <translation>Đã đặt mã PIN chấm công cho {name} ({code}).</translation>
    </message>
    <message>
        <source>One-time setup code for {name} ({code}): {setup}</source>
        <translation>Mã thiết lập dùng một lần cho {name} ({code}): {setup}</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>Mã thiết lập</translation>
    </message>
    <message>
        <source>Give {name} this one-time setup code: {setup}

At the kiosk they choose &quot;Check in with code&quot;, type their employee code and this setup code as PIN, then choose their own PIN.</source>
        <translation>Hãy đưa cho {name} mã thiết lập dùng một lần này: {setup}

Tại máy chấm công, họ chọn &quot;Chấm công bằng mã&quot;, nhập mã nhân viên và mã thiết lập này làm mã PIN, rồi tự chọn mã PIN của mình.</translation>
    </message>
    <message>
        <source>Added {name}: checks in with code and PIN.</source>
        <translation>Đã thêm {name}: chấm công bằng mã và mã PIN.</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>Rút lại sự đồng ý</translation>
    </message>
    <message>
        <source>{name} ({code}) withdraws consent: destroy their {templates} face template(s), kept photos and every face thumbnail? They stay an active employee and check in with their code; attendance history stays.</source>
        <translation>{name} ({code}) rút lại sự đồng ý: hủy {templates} mẫu khuôn mặt, ảnh lưu và mọi ảnh thu nhỏ khuôn mặt của họ? Họ vẫn là nhân viên đang làm việc và chấm công bằng mã; lịch sử chấm công được giữ lại.</translation>
    </message>
    <message>
        <source>Delete employee</source>
        <translation>Xóa nhân viên</translation>
    </message>
    <message>
        <source>Delete {name} ({code}) and erase their {templates} face template(s)? This cannot be undone.</source>
        <translation>Xóa {name} ({code}) và hủy {templates} mẫu khuôn mặt của họ? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Delete attendance history too?</source>
        <translation>Xóa cả lịch sử chấm công?</translation>
    </message>
    <message>
        <source>{name} has {events} attendance event(s). Delete them as well? Choose No to keep the history (deactivate the employee instead).</source>
        <translation>{name} có {events} lượt chấm công. Xóa luôn các lượt này? Chọn Không để giữ lịch sử (thay vào đó hãy ngừng kích hoạt nhân viên).</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Đang lưu</translation>
    </message>
    <message>
        <source>Saved {name} ({code}).</source>
        <translation>Đã lưu {name} ({code}).</translation>
    </message>
    <message>
        <source>{name} ({code}) is active now.</source>
        <translation>{name} ({code}) hiện đang hoạt động.</translation>
    </message>
    <message>
        <source>{name} ({code}) is inactive now.</source>
        <translation>{name} ({code}) hiện đã ngừng hoạt động.</translation>
    </message>
    <message>
        <source>They check in with their code now: give them a check-in PIN or a setup code.</source>
        <translation>Từ giờ họ chấm công bằng mã: hãy cấp cho họ mã PIN chấm công hoặc mã thiết lập.</translation>
    </message>
    <message>
        <source>Erasing face data</source>
        <translation>Đang hủy dữ liệu khuôn mặt</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Đang xóa</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Kích hoạt</translation>
    </message>
    <message>
        <source>template {number}, {recognizer}, quality {quality}</source>
        <translation>mẫu {number}, {recognizer}, chất lượng {quality}</translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <source>Enrol an employee</source>
        <translation>Đăng ký nhân viên</translation>
    </message>
    <message>
        <source>Enrol someone new instead</source>
        <translation>Đăng ký người mới thay vào đó</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Unique employee code</source>
        <translation>Mã nhân viên (không trùng)</translation>
    </message>
    <message>
        <source>The employee consents to storing face templates for attendance (required)</source>
        <translation>Nhân viên đồng ý lưu mẫu khuôn mặt để chấm công (bắt buộc)</translation>
    </message>
    <message>
        <source>Keep the aligned face photos (112x112) with the templates</source>
        <translation>Giữ ảnh khuôn mặt đã căn chỉnh (112x112) cùng mẫu</translation>
    </message>
    <message>
        <source>Replace the existing templates</source>
        <translation>Thay các mẫu hiện có</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>Mã nhân viên</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Save employee</source>
        <translation>Lưu nhân viên</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Enrol without face data…</source>
        <translation>Đăng ký không cần dữ liệu khuôn mặt…</translation>
    </message>
    <message>
        <source>For someone who does not want face recognition: code and check-in PIN only</source>
        <translation>Cho người không muốn nhận diện khuôn mặt: chỉ dùng mã và mã PIN chấm công</translation>
    </message>
    <message>
        <source>Add photo files…</source>
        <translation>Thêm tệp ảnh…</translation>
    </message>
    <message>
        <source>Camera index (0, 1, …), stream URL, video file or folder of photos</source>
        <translation>Số camera (0, 1, …), địa chỉ luồng, tệp video hoặc thư mục ảnh</translation>
    </message>
    <message>
        <source>Start camera</source>
        <translation>Bật camera</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Shots</source>
        <translation>Số ảnh chụp</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>Camera đang tắt</translation>
    </message>
    <message>
        <source>Start the camera, or add photo files</source>
        <translation>Bật camera hoặc thêm tệp ảnh</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Bỏ ảnh đã chọn</translation>
    </message>
    <message>
        <source>Remove all</source>
        <translation>Bỏ tất cả</translation>
    </message>
    <message>
        <source>Tick the photos to use; rejected photos cannot be used.</source>
        <translation>Đánh dấu ảnh sẽ dùng; không thể dùng ảnh bị loại.</translation>
    </message>
    <message>
        <source>Face photos</source>
        <translation>Ảnh khuôn mặt</translation>
    </message>
    <message>
        <source>Enrolled {code} without face data: they check in with their code and PIN.</source>
        <translation>Đã đăng ký {code} không có dữ liệu khuôn mặt: họ chấm công bằng mã và mã PIN.</translation>
    </message>
    <message>
        <source>No employee has the code {code}.</source>
        <translation>Không có nhân viên nào có mã {code}.</translation>
    </message>
    <message>
        <source>Add face photos</source>
        <translation>Thêm ảnh khuôn mặt</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Hình ảnh</translation>
    </message>
    <message>
        <source>Checking photos</source>
        <translation>Đang kiểm tra ảnh</translation>
    </message>
    <message>
        <source>Stop camera</source>
        <translation>Tắt camera</translation>
    </message>
    <message>
        <source>Shots: {taken} of {planned}</source>
        <translation>Ảnh chụp: {taken}/{planned}</translation>
    </message>
    <message>
        <source>Cannot save yet: needs {missing}.</source>
        <translation>Chưa thể lưu: còn thiếu {missing}.</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Chưa lưu: {problem}</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Đang lưu</translation>
    </message>
    <message>
        <source>Loading the face models</source>
        <translation>Đang tải các mô hình khuôn mặt</translation>
    </message>
    <message>
        <source>Checking photo {number} of {total}: {file}</source>
        <translation>Đang kiểm tra ảnh {number}/{total}: {file}</translation>
    </message>
    <message>
        <source>Camera stopped: {why}</source>
        <translation>Camera đã dừng: {why}</translation>
    </message>
    <message>
        <source>Camera stopped</source>
        <translation>Camera đã dừng</translation>
    </message>
    <message>
        <source>Enrolled {name} ({code}): {templates} face template(s) stored.</source>
        <translation>Đã đăng ký {name} ({code}): đã lưu {templates} mẫu khuôn mặt.</translation>
    </message>
    <message>
        <source>Consent recorded at {time}</source>
        <translation>Đã ghi nhận sự đồng ý lúc {time}</translation>
    </message>
    <message>
        <source>Code {code} is taken by {name}: choose another code, or use Re-enrol on the Employees page.</source>
        <translation>Mã {code} đã thuộc về {name}: hãy chọn mã khác, hoặc dùng Đăng ký lại ở trang Nhân viên.</translation>
    </message>
    <message>
        <source>Check before saving</source>
        <translation>Kiểm tra trước khi lưu</translation>
    </message>
    <message>
        <source>Save anyway?</source>
        <translation>Vẫn lưu?</translation>
    </message>
    <message>
        <source>Re-enrol an employee</source>
        <translation>Đăng ký lại nhân viên</translation>
    </message>
    <message>
        <source>Adding face templates for {name} ({code}), who has {templates} now.</source>
        <translation>Đang thêm mẫu khuôn mặt cho {name} ({code}), hiện có {templates} mẫu.</translation>
    </message>
    <message>
        <source>To save, this still needs {missing}.</source>
        <translation>Để lưu, còn thiếu {missing}.</translation>
    </message>
    <message numerus="yes">
        <source>Ready to save with %Ln photo(s).</source>
        <translation>
            <numerusform>Sẵn sàng lưu với %Ln ảnh.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Greeting</name>
    <message>
        <source>Welcome, {name}</source>
        <translation>Xin chào, {name}</translation>
    </message>
    <message>
        <source>Goodbye, {name}</source>
        <translation>Tạm biệt, {name}</translation>
    </message>
    <message>
        <source>Live check failed: please step in front of the camera yourself</source>
        <translation>Không xác nhận được người thật: xin hãy tự mình đứng trước camera</translation>
    </message>
    <message>
        <source>Please turn your head to your left</source>
        <translation>Xin hãy quay đầu sang trái</translation>
    </message>
    <message>
        <source>Please turn your head to your right</source>
        <translation>Xin hãy quay đầu sang phải</translation>
    </message>
    <message>
        <source>Please look up</source>
        <translation>Xin hãy ngước nhìn lên</translation>
    </message>
    <message>
        <source>Please look down</source>
        <translation>Xin hãy cúi nhìn xuống</translation>
    </message>
    <message>
        <source>checked in {time}</source>
        <translation>đã chấm công vào {time}</translation>
    </message>
    <message>
        <source>checked out {time}</source>
        <translation>đã chấm công ra {time}</translation>
    </message>
    <message>
        <source>Already checked in at {time}</source>
        <translation>Đã chấm công vào lúc {time}</translation>
    </message>
    <message>
        <source>Already checked out at {time}</source>
        <translation>Đã chấm công ra lúc {time}</translation>
    </message>
    <message>
        <source>Nobody was checked in.</source>
        <translation>Không ai được chấm công.</translation>
    </message>
    <message>
        <source>so the kiosk can see it is really you</source>
        <translation>để máy chấm công thấy đúng là bạn</translation>
    </message>
</context>
<context>
    <name>GreetingBanner</name>
    <message>
        <source>Look at the camera to check in or out</source>
        <translation>Hãy nhìn vào camera để chấm công vào hoặc ra</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>Lời chào</translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation>đã đăng ký</translation>
    </message>
    <message>
        <source>now</source>
        <translation>bây giờ</translation>
    </message>
    <message>
        <source>Not me</source>
        <translation>Không phải tôi</translation>
    </message>
    <message>
        <source>This is not me: take the check-in back</source>
        <translation>Đây không phải tôi: hủy lượt chấm công này</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete the last character</source>
        <translation>Xóa ký tự cuối</translation>
    </message>
    <message>
        <source>Next field</source>
        <translation>Ô tiếp theo</translation>
    </message>
    <message>
        <source>Show letters</source>
        <translation>Hiện chữ cái</translation>
    </message>
    <message>
        <source>Show digits</source>
        <translation>Hiện chữ số</translation>
    </message>
    <message>
        <source>Capital or small letters</source>
        <translation>Chữ hoa hoặc chữ thường</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Tiếp</translation>
    </message>
</context>
<context>
    <name>KioskView</name>
    <message>
        <source>Camera picture with the faces seen</source>
        <translation>Hình ảnh camera với các khuôn mặt nhìn thấy</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>Today&apos;s check-ins and check-outs</source>
        <translation>Các lượt vào và ra hôm nay</translation>
    </message>
    <message>
        <source>Check in with code</source>
        <translation>Chấm công bằng mã</translation>
    </message>
    <message>
        <source>Check in with your employee code and PIN</source>
        <translation>Chấm công bằng mã nhân viên và mã PIN</translation>
    </message>
    <message>
        <source>Sorry, that could not be noted. Please tell the office.</source>
        <translation>Xin lỗi, không ghi nhận được. Xin hãy báo cho văn phòng.</translation>
    </message>
</context>
<context>
    <name>KiosksPage</name>
    <message>
        <source>No kiosk has reported in yet: a running kiosk beats every 30 seconds</source>
        <translation>Chưa có máy chấm công nào báo về: máy đang chạy báo mỗi 30 giây</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>Máy chấm công</translation>
    </message>
    <message>
        <source>Kiosks that need a look: {count} of {total}: </source>
        <translation>Máy chấm công cần xem: {count}/{total}: </translation>
    </message>
    <message numerus="yes">
        <source>%Ln kiosk(s), all well.</source>
        <translation>
            <numerusform>%Ln máy chấm công, tất cả đều ổn.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Face kiosk</source>
        <translation>Máy chấm công khuôn mặt</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Khóa</translation>
    </message>
    <message>
        <source>camera: -</source>
        <translation>camera: -</translation>
    </message>
    <message>
        <source>models: -</source>
        <translation>mô hình: -</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>Admin pages (PIN)</source>
        <translation>Trang quản trị (mã PIN)</translation>
    </message>
    <message>
        <source>starting {source}…</source>
        <translation>đang khởi động {source}…</translation>
    </message>
    <message>
        <source>The new language shows when the app starts again.</source>
        <translation>Ngôn ngữ mới sẽ hiển thị khi ứng dụng khởi động lại.</translation>
    </message>
    <message>
        <source>Choose the admin PIN that will protect the admin pages.</source>
        <translation>Hãy chọn mã PIN quản trị để bảo vệ các trang quản trị.</translation>
    </message>
    <message>
        <source>The admin pages locked after {minutes} minutes without use</source>
        <translation>Các trang quản trị đã khóa sau {minutes} phút không dùng</translation>
    </message>
    <message>
        <source>models: {detector} + {recognizer}</source>
        <translation>mô hình: {detector} + {recognizer}</translation>
    </message>
    <message>
        <source>device: {device}</source>
        <translation>thiết bị: {device}</translation>
    </message>
    <message>
        <source>liveness: {state}</source>
        <translation>kiểm tra người thật: {state}</translation>
    </message>
    <message>
        <source> - trial: nothing is recorded (an admin chooses a video in Settings to record it)</source>
        <translation> - chạy thử: không ghi lại gì (quản trị viên chọn video trong Cài đặt để ghi lại)</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>đã dừng</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>No picture from the camera or video.</source>
        <translation>Không có hình từ camera hoặc video.</translation>
    </message>
    <message>
        <source>Choose a video file…</source>
        <translation>Chọn tệp video…</translation>
    </message>
    <message>
        <source>The face models are missing or cannot be loaded.</source>
        <translation>Thiếu mô hình khuôn mặt hoặc không tải được.</translation>
    </message>
    <message>
        <source>Set up models…</source>
        <translation>Cài đặt mô hình…</translation>
    </message>
    <message>
        <source>Recognition stopped.</source>
        <translation>Nhận diện đã dừng.</translation>
    </message>
    <message>
        <source>Choose a video file</source>
        <translation>Chọn tệp video</translation>
    </message>
    <message>
        <source>Warning: {problem}; check-ins carry this computer&apos;s time</source>
        <translation>Cảnh báo: {problem}; các lượt chấm công dùng giờ của máy tính này</translation>
    </message>
    <message>
        <source>display {display} fps, recognition {recognition} fps</source>
        <translation>hiển thị {display} khung/giây, nhận diện {recognition} khung/giây</translation>
    </message>
    <message>
        <source> ({frames} live frames shown without recognition)</source>
        <translation> ({frames} khung hình hiển thị mà không nhận diện)</translation>
    </message>
    <message>
        <source>; idle: nothing moves, the detector looks every few seconds</source>
        <translation>; nghỉ: không có gì chuyển động, bộ dò chỉ nhìn vài giây một lần</translation>
    </message>
</context>
<context>
    <name>ManualEventDialog</name>
    <message>
        <source>Add an attendance event</source>
        <translation>Thêm lượt chấm công</translation>
    </message>
    <message>
        <source>check-in</source>
        <translation>chấm công vào</translation>
    </message>
    <message>
        <source>check-out</source>
        <translation>chấm công ra</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Ngày và giờ</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>face too small ({size:.0f} px, at least {needed} px needed)</source>
        <translation>khuôn mặt quá nhỏ ({size:.0f} px, cần ít nhất {needed} px)</translation>
    </message>
    <message>
        <source>face too blurred (sharpness {sharpness:.0f}, at least {needed:.0f} needed)</source>
        <translation>khuôn mặt quá mờ (độ nét {sharpness:.0f}, cần ít nhất {needed:.0f})</translation>
    </message>
    <message>
        <source>face turned sideways (yaw {yaw:+.2f}, at most {most:.2f})</source>
        <translation>khuôn mặt quay nghiêng (góc quay {yaw:+.2f}, tối đa {most:.2f})</translation>
    </message>
    <message>
        <source>face tilted up or down (pitch {pitch:.2f}, expected {low}-{high})</source>
        <translation>khuôn mặt ngẩng hoặc cúi (góc ngẩng {pitch:.2f}, cần {low}-{high})</translation>
    </message>
    <message>
        <source>no face found</source>
        <translation>không tìm thấy khuôn mặt</translation>
    </message>
    <message>
        <source>{faces} faces and none clearly dominant (crop the photo to one person)</source>
        <translation>{faces} khuôn mặt, không có khuôn mặt nào nổi bật rõ (hãy cắt ảnh chỉ còn một người)</translation>
    </message>
    <message>
        <source>Hold still: checking that you are really there</source>
        <translation>Giữ yên: đang kiểm tra có đúng là bạn đang ở đây</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>đã dừng</translation>
    </message>
    <message>
        <source>live check failed: a photo or a screen was held up, so nothing was captured from it</source>
        <translation>không xác nhận được người thật: có ảnh hoặc màn hình được giơ lên, nên không chụp gì từ đó</translation>
    </message>
    <message>
        <source>Look straight at the camera</source>
        <translation>Nhìn thẳng vào camera</translation>
    </message>
    <message>
        <source>Turn your head a little to one side</source>
        <translation>Quay đầu sang một bên một chút</translation>
    </message>
    <message>
        <source>Now turn your head a little to the other side</source>
        <translation>Giờ quay đầu sang bên kia một chút</translation>
    </message>
    <message>
        <source>Tilt your head a little up or down</source>
        <translation>Ngẩng hoặc cúi đầu một chút</translation>
    </message>
    <message>
        <source>No face found: look at the camera</source>
        <translation>Không thấy khuôn mặt: hãy nhìn vào camera</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please</source>
        <translation>Xin chỉ một người đứng trước camera</translation>
    </message>
    <message>
        <source>Come closer to the camera</source>
        <translation>Hãy đến gần camera hơn</translation>
    </message>
    <message>
        <source>Turn your face towards the camera</source>
        <translation>Hãy quay mặt về phía camera</translation>
    </message>
    <message>
        <source>Keep your head level</source>
        <translation>Giữ đầu thẳng</translation>
    </message>
    <message>
        <source>Hold still (the picture is blurred)</source>
        <translation>Giữ yên (hình bị mờ)</translation>
    </message>
    <message>
        <source>All shots taken, thank you</source>
        <translation>Đã chụp đủ ảnh, cảm ơn bạn</translation>
    </message>
    <message>
        <source>Only the person being enrolled, please</source>
        <translation>Xin chỉ người đang được đăng ký</translation>
    </message>
    <message>
        <source>Good. {hint}</source>
        <translation>Tốt. {hint}</translation>
    </message>
    <message>
        <source>{shots} shots taken</source>
        <translation>đã chụp {shots} ảnh</translation>
    </message>
    <message>
        <source>Unknown code or wrong PIN.</source>
        <translation>Mã không đúng hoặc sai mã PIN.</translation>
    </message>
    <message>
        <source>Unknown code or wrong PIN. Attempts left: {attempts}.</source>
        <translation>Mã không đúng hoặc sai mã PIN. Còn {attempts} lần thử.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for this code. Try again in {seconds} s.</source>
        <translation>Nhập sai mã PIN quá nhiều lần cho mã này. Thử lại sau {seconds} giây.</translation>
    </message>
    <message>
        <source>This code has no check-in PIN yet: ask the admin to set one, or for a setup code.</source>
        <translation>Mã này chưa có mã PIN chấm công: hãy nhờ quản trị viên đặt mã, hoặc xin mã thiết lập.</translation>
    </message>
    <message>
        <source>Setup code accepted: choose your check-in PIN.</source>
        <translation>Mã thiết lập hợp lệ: hãy chọn mã PIN chấm công của bạn.</translation>
    </message>
    <message>
        <source>This setup code is used up: check in with your PIN.</source>
        <translation>Mã thiết lập này đã được dùng: hãy chấm công bằng mã PIN của bạn.</translation>
    </message>
    <message>
        <source>A PIN is {low} to {high} digits.</source>
        <translation>Mã PIN gồm {low} đến {high} chữ số.</translation>
    </message>
    <message>
        <source>This code cannot check in now: please tell the office.</source>
        <translation>Mã này hiện không chấm công được: xin hãy báo cho văn phòng.</translation>
    </message>
    <message>
        <source>accepted: face {size:.0f} px, sharpness {sharpness:.0f}, yaw {yaw:+.2f}, pitch {pitch:.2f}</source>
        <translation>đạt: khuôn mặt {size:.0f} px, độ nét {sharpness:.0f}, góc quay {yaw:+.2f}, góc ngẩng {pitch:.2f}</translation>
    </message>
    <message>
        <source>rejected: {reasons}</source>
        <translation>bị loại: {reasons}</translation>
    </message>
    <message>
        <source>a name</source>
        <translation>họ tên</translation>
    </message>
    <message>
        <source>an employee code</source>
        <translation>mã nhân viên</translation>
    </message>
    <message>
        <source>the employee&apos;s consent</source>
        <translation>sự đồng ý của nhân viên</translation>
    </message>
    <message>
        <source>at least one accepted photo</source>
        <translation>ít nhất một ảnh đạt</translation>
    </message>
    <message>
        <source>Possible duplicate or look-alike: the chosen photos already match {matches}.</source>
        <translation>Có thể trùng hoặc giống người khác: các ảnh đã chọn khớp với {matches}.</translation>
    </message>
    <message>
        <source>The chosen photos may show different people: {first} and {second} have similarity {similarity:.2f}.</source>
        <translation>Các ảnh đã chọn có thể là những người khác nhau: {first} và {second} có độ giống {similarity:.2f}.</translation>
    </message>
    <message>
        <source>The chosen photos do not match the enrolled {name} ({code}): best similarity {best:.2f} &lt; {threshold:.2f}.</source>
        <translation>Các ảnh đã chọn không khớp với {name} ({code}) đã đăng ký: độ giống cao nhất {best:.2f} &lt; {threshold:.2f}.</translation>
    </message>
    <message>
        <source>Sorry! That check-in was taken back. Check in with your code, please.</source>
        <translation>Xin lỗi! Lượt chấm công đó đã được hủy. Xin hãy chấm công bằng mã của bạn.</translation>
    </message>
    <message>
        <source>Sorry! Noted. Check in with your code, please.</source>
        <translation>Xin lỗi! Đã ghi nhận. Xin hãy chấm công bằng mã của bạn.</translation>
    </message>
    <message>
        <source>{part}: {problem}</source>
        <translation>{part}: {problem}</translation>
    </message>
    <message>
        <source>face detector</source>
        <translation>bộ dò khuôn mặt</translation>
    </message>
    <message>
        <source>face recognizer</source>
        <translation>bộ nhận diện khuôn mặt</translation>
    </message>
    <message>
        <source>liveness check</source>
        <translation>kiểm tra người thật</translation>
    </message>
    <message>
        <source>reading {file}</source>
        <translation>đang đọc {file}</translation>
    </message>
    <message>
        <source>{file}: read {read} of {total} frames (file truncated or corrupt?)</source>
        <translation>{file}: đã đọc {read}/{total} khung hình (tệp bị cắt hoặc hỏng?)</translation>
    </message>
    <message>
        <source>{file}: end of video after {read} frames</source>
        <translation>{file}: hết video sau {read} khung hình</translation>
    </message>
    <message>
        <source>{file}: closed after {frames} frames</source>
        <translation>{file}: đã đóng sau {frames} khung hình</translation>
    </message>
    <message>
        <source>opening {source}</source>
        <translation>đang mở {source}</translation>
    </message>
    <message>
        <source>{source} running</source>
        <translation>{source} đang chạy</translation>
    </message>
    <message>
        <source>{source} closed</source>
        <translation>{source} đã đóng</translation>
    </message>
    <message>
        <source>{source} lost; retry {attempt} in {delay:g} s</source>
        <translation>{source} bị mất; thử lại lần {attempt} sau {delay:g} giây</translation>
    </message>
    <message>
        <source>{source} not found or busy; retry {attempt} in {delay:g} s</source>
        <translation>không tìm thấy {source} hoặc đang bận; thử lại lần {attempt} sau {delay:g} giây</translation>
    </message>
    <message>
        <source>{source} stopped delivering frames</source>
        <translation>{source} đã ngừng gửi khung hình</translation>
    </message>
    <message>
        <source>{source}: capture error: {problem}</source>
        <translation>{source}: lỗi ghi hình: {problem}</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} ảnh</translation>
    </message>
    <message>
        <source>{count} images read</source>
        <translation>đã đọc {count} ảnh</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>đã đóng</translation>
    </message>
</context>
<context>
    <name>Model</name>
    <message>
        <source>finds 468 points of a face: the head-turn challenge asked when the live check is unsure</source>
        <translation>tìm 468 điểm trên khuôn mặt: thử thách quay đầu được yêu cầu khi kiểm tra người thật chưa chắc chắn</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLO11n-face (PyTorch file, trusted only by checksum)</source>
        <translation>tìm khuôn mặt và các điểm mốc: YOLO11n-face (tệp PyTorch, chỉ tin cậy qua mã kiểm tra)</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLOv8n-face (PyTorch file, trusted only by checksum)</source>
        <translation>tìm khuôn mặt và các điểm mốc: YOLOv8n-face (tệp PyTorch, chỉ tin cậy qua mã kiểm tra)</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLOv8n-face INT8, fast on a CPU (no public download: a file you have)</source>
        <translation>tìm khuôn mặt và các điểm mốc: YOLOv8n-face INT8, nhanh trên CPU (không có bản tải công khai: tệp bạn đã có)</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YuNet (OpenCV), small and fast on a CPU</source>
        <translation>tìm khuôn mặt và các điểm mốc: YuNet (OpenCV), nhỏ và nhanh trên CPU</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YuNet-n, any picture size</source>
        <translation>tìm khuôn mặt và các điểm mốc: YuNet-n, mọi kích thước ảnh</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (MS1MV2); large, for a GPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-101 (MS1MV2); lớn, dành cho GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (MS1MV3); large, for a GPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-101 (MS1MV3); lớn, dành cho GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (WebFace4M); large, for a GPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-101 (WebFace4M); lớn, dành cho GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101, the most accurate; 1.5 GB, for a GPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-101, chính xác nhất; 1,5 GB, dành cho GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18 (CASIA-WebFace)</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-18 (CASIA-WebFace)</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18 (VGGFace2)</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-18 (VGGFace2)</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18, the smallest AdaFace</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-18, AdaFace nhỏ nhất</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-50 (MS1MV2); for a GPU or a fast CPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-50 (MS1MV2); dành cho GPU hoặc CPU nhanh</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-50; for a GPU or a fast CPU</source>
        <translation>nhận diện khuôn mặt: AdaFace IR-50; dành cho GPU hoặc CPU nhanh</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XS INT8, light and fast on an ordinary PC</source>
        <translation>nhận diện khuôn mặt: EdgeFace-XS INT8, nhẹ và nhanh trên máy tính thông thường</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XS, full precision</source>
        <translation>nhận diện khuôn mặt: EdgeFace-XS, độ chính xác đầy đủ</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XXS INT8, the lightest; for a slow PC</source>
        <translation>nhận diện khuôn mặt: EdgeFace-XXS INT8, nhẹ nhất; dành cho máy tính chậm</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XXS, full precision</source>
        <translation>nhận diện khuôn mặt: EdgeFace-XXS, độ chính xác đầy đủ</translation>
    </message>
    <message>
        <source>tells a live person from a photo or a screen (1 of 2, both needed)</source>
        <translation>phân biệt người thật với ảnh hoặc màn hình (1 trên 2, cần cả hai)</translation>
    </message>
    <message>
        <source>tells a live person from a photo or a screen (2 of 2, both needed)</source>
        <translation>phân biệt người thật với ảnh hoặc màn hình (2 trên 2, cần cả hai)</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Face kiosk: model files</source>
        <translation>Máy chấm công khuôn mặt: tệp mô hình</translation>
    </message>
    <message>
        <source>The kiosk needs its model files before it can recognise anyone: a face detector, a face recognizer and the two liveness models that tell a person from a photo or a phone held up. Download them below (needs an internet connection), or choose files you already have.</source>
        <translation>Máy chấm công cần các tệp mô hình trước khi nhận diện được ai: một bộ dò khuôn mặt, một bộ nhận diện khuôn mặt và hai mô hình kiểm tra người thật để phân biệt người với ảnh hoặc điện thoại giơ lên. Hãy tải về bên dưới (cần kết nối internet), hoặc chọn các tệp bạn đã có.</translation>
    </message>
    <message>
        <source>Download the recommended models</source>
        <translation>Tải các mô hình được đề xuất</translation>
    </message>
    <message>
        <source>The models a kiosk on an ordinary PC without a GPU needs (marked &quot;recommended&quot;)</source>
        <translation>Các mô hình mà máy chấm công trên máy tính thông thường không có GPU cần (đánh dấu &quot;đề xuất&quot;)</translation>
    </message>
    <message>
        <source>Use model files I have...</source>
        <translation>Dùng tệp mô hình tôi có...</translation>
    </message>
    <message>
        <source>They are copied into {folder}</source>
        <translation>Các tệp sẽ được sao chép vào {folder}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Start without models</source>
        <translation>Khởi động không có mô hình</translation>
    </message>
    <message>
        <source>The live view will say that models are missing; Settings can download them later</source>
        <translation>Màn hình trực tiếp sẽ báo thiếu mô hình; có thể tải sau trong Cài đặt</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Missing: {models}. Download the recommended models below, or use model files you have.</source>
        <translation>Còn thiếu: {models}. Hãy tải các mô hình được đề xuất bên dưới, hoặc dùng tệp mô hình bạn có.</translation>
    </message>
    <message>
        <source>The kiosk has every model it needs: press Start.</source>
        <translation>Máy chấm công đã có đủ mô hình: hãy nhấn Bắt đầu.</translation>
    </message>
    <message>
        <source>Choose model files</source>
        <translation>Chọn tệp mô hình</translation>
    </message>
    <message>
        <source>{file}: {model}, copied to {place}</source>
        <translation>{file}: {model}, đã sao chép vào {place}</translation>
    </message>
    <message>
        <source>Which model is this?</source>
        <translation>Đây là mô hình nào?</translation>
    </message>
    <message>
        <source>{file} is not a file the kiosk knows. What is it?</source>
        <translation>{file} không phải tệp mà máy chấm công biết. Đây là gì?</translation>
    </message>
    <message>
        <source>{file}: used as the {kind} ({arch}) from where it is</source>
        <translation>{file}: được dùng làm {kind} ({arch}) ngay tại chỗ</translation>
    </message>
    <message>
        <source>Cannot save the settings file {file}: {problem}</source>
        <translation>Không lưu được tệp cài đặt {file}: {problem}</translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message>
        <source>cancelled (partial file kept; Download resumes)</source>
        <translation>đã hủy (giữ phần đã tải; Tải về sẽ tiếp tục)</translation>
    </message>
    <message>
        <source>cancelled (Download starts over)</source>
        <translation>đã hủy (Tải về sẽ bắt đầu lại)</translation>
    </message>
    <message>
        <source>downloading {percent}%</source>
        <translation>đang tải {percent}%</translation>
    </message>
    <message>
        <source>{model} (recommended)</source>
        <translation>{model} (đề xuất)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>present</source>
        <translation>có sẵn</translation>
    </message>
    <message>
        <source>present in {folder}</source>
        <translation>có trong {folder}</translation>
    </message>
    <message>
        <source>missing (no public download)</source>
        <translation>thiếu (không có bản tải công khai)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>thiếu</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Tải về</translation>
    </message>
    <message>
        <source>download failed: {problem}</source>
        <translation>tải về thất bại: {problem}</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <source>Set the admin PIN</source>
        <translation>Đặt mã PIN quản trị</translation>
    </message>
    <message>
        <source>The admin PIN protects the admin pages ({low}-{high} digits).</source>
        <translation>Mã PIN quản trị bảo vệ các trang quản trị ({low}-{high} chữ số).</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>Mã PIN hiện tại</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Mã PIN mới</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>Nhập lại mã PIN mới</translation>
    </message>
    <message>
        <source>The current PIN is wrong (locked for {seconds} s).</source>
        <translation>Mã PIN hiện tại sai (bị khóa {seconds} giây).</translation>
    </message>
    <message>
        <source>The current PIN is wrong (attempts left: {attempts}).</source>
        <translation>Mã PIN hiện tại sai (còn {attempts} lần thử).</translation>
    </message>
    <message>
        <source>The two new PINs differ.</source>
        <translation>Hai mã PIN mới không giống nhau.</translation>
    </message>
</context>
<context>
    <name>NoFaceEmployeeDialog</name>
    <message>
        <source>Add an employee without face data</source>
        <translation>Thêm nhân viên không có dữ liệu khuôn mặt</translation>
    </message>
    <message>
        <source>They check in with their code (or badge) and this PIN; no photo, no template is taken.</source>
        <translation>Họ chấm công bằng mã (hoặc thẻ) và mã PIN này; không chụp ảnh, không tạo mẫu khuôn mặt.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Check-in PIN</source>
        <translation>Mã PIN chấm công</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Nhập lại mã PIN</translation>
    </message>
    <message>
        <source>Give the code and the name.</source>
        <translation>Hãy nhập mã và họ tên.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Hai mã PIN không giống nhau.</translation>
    </message>
</context>
<context>
    <name>Overlay</name>
    <message>
        <source>NOT LIVE</source>
        <translation>KHÔNG PHẢI NGƯỜI THẬT</translation>
    </message>
    <message>
        <source>Visitor {number}</source>
        <translation>Khách {number}</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Live view</source>
        <translation>Màn hình trực tiếp</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Chấm công</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>Ca làm việc</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>Máy chấm công</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Admin PIN</source>
        <translation>Mã PIN quản trị</translation>
    </message>
    <message>
        <source>Enter the admin PIN</source>
        <translation>Nhập mã PIN quản trị</translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left before a lockout: {attempts}.</source>
        <translation>Sai mã PIN. Còn {attempts} lần thử trước khi bị khóa.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {seconds} s.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Thử lại sau {seconds} giây.</translation>
    </message>
    <message>
        <source>These security settings were changed outside the app (in the settings file or on the command line):
{lines}

Enter the admin PIN to accept them, or cancel to keep running with the accepted values.</source>
        <translation>Các cài đặt bảo mật này đã bị thay đổi ngoài ứng dụng (trong tệp cài đặt hoặc trên dòng lệnh):
{lines}

Nhập mã PIN quản trị để chấp nhận, hoặc hủy để tiếp tục chạy với các giá trị đã được chấp nhận.</translation>
    </message>
</context>
<context>
    <name>PipelineWorker</name>
    <message>
        <source>opening {source}…</source>
        <translation>đang mở {source}…</translation>
    </message>
    <message>
        <source>loading the face models…</source>
        <translation>đang tải các mô hình khuôn mặt…</translation>
    </message>
</context>
<context>
    <name>RetentionSchedule</name>
    <message>
        <source>Retention purge failed: {problem}</source>
        <translation>Xóa dữ liệu hết hạn lưu thất bại: {problem}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>&quot;Not me&quot; at the kiosk</source>
        <translation>&quot;Không phải tôi&quot; tại máy chấm công</translation>
    </message>
    <message>
        <source>Close to the threshold</source>
        <translation>Sát ngưỡng</translation>
    </message>
    <message>
        <source>Look-alikes</source>
        <translation>Người giống nhau</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>đã xác nhận</translation>
    </message>
    <message>
        <source>check-in voided</source>
        <translation>đã hủy lượt chấm công</translation>
    </message>
    <message>
        <source>to be re-enrolled</source>
        <translation>cần đăng ký lại</translation>
    </message>
    <message>
        <source>marked as look-alikes</source>
        <translation>đã đánh dấu là người giống nhau</translation>
    </message>
    <message>
        <source>At {kiosk}, the person taken for {name} said it was not them; the check-in was taken back and their face kept as not {name}.</source>
        <translation>Tại {kiosk}, người bị nhận là {name} đã nói đó không phải họ; lượt chấm công đã được hủy và khuôn mặt của người đó được lưu là không phải {name}.</translation>
    </message>
    <message>
        <source>Their templates match each other with similarity {similarity}: the kiosk tells them apart by the look-alike margin.</source>
        <translation>Mẫu của hai người khớp nhau với độ giống {similarity}: máy chấm công phân biệt họ bằng biên dành cho người giống nhau.</translation>
    </message>
    <message>
        <source>Similarity {similarity}, threshold {threshold}.</source>
        <translation>Độ giống {similarity}, ngưỡng {threshold}.</translation>
    </message>
    <message>
        <source>Margin to the runner-up {margin} (at least {needed} needed).</source>
        <translation>Biên so với người đứng thứ hai {margin} (cần ít nhất {needed}).</translation>
    </message>
    <message>
        <source>Decided on {looks} looks.</source>
        <translation>Quyết định sau {looks} lần nhìn.</translation>
    </message>
    <message>
        <source>Liveness: {verdict} (score {score}, threshold {threshold}).</source>
        <translation>Kiểm tra người thật: {verdict} (điểm {score}, ngưỡng {threshold}).</translation>
    </message>
    <message>
        <source>Liveness: not checked.</source>
        <translation>Kiểm tra người thật: chưa kiểm tra.</translation>
    </message>
    <message>
        <source>Nothing to review in this period</source>
        <translation>Không có gì cần xem lại trong khoảng thời gian này</translation>
    </message>
    <message>
        <source>Enrolment photo</source>
        <translation>Ảnh đăng ký</translation>
    </message>
    <message>
        <source>Face at the kiosk</source>
        <translation>Khuôn mặt tại máy chấm công</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Void the check-in…</source>
        <translation>Hủy lượt chấm công…</translation>
    </message>
    <message>
        <source>Re-enrol…</source>
        <translation>Đăng ký lại…</translation>
    </message>
    <message>
        <source>Mark as look-alikes</source>
        <translation>Đánh dấu là người giống nhau</translation>
    </message>
    <message>
        <source>It stands as the kiosk decided</source>
        <translation>Giữ nguyên như máy chấm công đã quyết định</translation>
    </message>
    <message>
        <source>Two people who look alike: the kiosk keeps holding them to the look-alike margin</source>
        <translation>Hai người trông giống nhau: máy chấm công tiếp tục áp dụng biên dành cho người giống nhau</translation>
    </message>
    <message>
        <source>No enrolment photo kept</source>
        <translation>Không lưu ảnh đăng ký</translation>
    </message>
    <message>
        <source>No face kept</source>
        <translation>Không lưu khuôn mặt</translation>
    </message>
    <message>
        <source>Void the check-in</source>
        <translation>Hủy lượt chấm công</translation>
    </message>
    <message>
        <source>Void the check-in of {name}? Why?</source>
        <translation>Hủy lượt chấm công của {name}? Vì sao?</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Đang lưu</translation>
    </message>
    <message>
        <source>Resolved: {what}, {who}: {resolution}.</source>
        <translation>Đã xử lý: {what}, {who}: {resolution}.</translation>
    </message>
</context>
<context>
    <name>SettingField</name>
    <message>
        <source>Minimum confidence</source>
        <translation>Độ tin cậy tối thiểu</translation>
    </message>
    <message>
        <source>Margin over the runner-up</source>
        <translation>Biên so với người đứng thứ hai</translation>
    </message>
    <message>
        <source>Embed a new face every N frames</source>
        <translation>Trích đặc trưng khuôn mặt mới mỗi N khung hình</translation>
    </message>
    <message>
        <source>Run the detector every N frames</source>
        <translation>Chạy bộ dò mỗi N khung hình</translation>
    </message>
    <message>
        <source>Looks before deciding who it is</source>
        <translation>Số lần nhìn trước khi quyết định là ai</translation>
    </message>
    <message>
        <source>check that a live person stands in front of the camera (a photo or phone never checks in)</source>
        <translation>kiểm tra có người thật đứng trước camera (ảnh hoặc điện thoại không bao giờ chấm công được)</translation>
    </message>
    <message>
        <source>refuse a face framed by a phone&apos;s or a print&apos;s edges</source>
        <translation>từ chối khuôn mặt nằm trong viền điện thoại hoặc viền ảnh in</translation>
    </message>
    <message>
        <source>refuse a face with a screen&apos;s colours instead of skin&apos;s</source>
        <translation>từ chối khuôn mặt có màu của màn hình thay vì màu da</translation>
    </message>
    <message>
        <source>when unsure, ask the person to move their head (needs the facemesh model)</source>
        <translation>khi chưa chắc chắn, yêu cầu người đó cử động đầu (cần mô hình facemesh)</translation>
    </message>
    <message>
        <source>the camera gives a mirror image (a selfie view): swap left and right when asking</source>
        <translation>camera cho ảnh phản chiếu (kiểu tự chụp): đổi trái và phải khi yêu cầu</translation>
    </message>
    <message>
        <source>Kiosk id</source>
        <translation>Mã máy chấm công</translation>
    </message>
    <message>
        <source>Mode (auto: first in, later out)</source>
        <translation>Chế độ (tự động: lần đầu là vào, sau đó là ra)</translation>
    </message>
    <message>
        <source>Cooldown between punches (minutes)</source>
        <translation>Thời gian chờ giữa hai lượt (phút)</translation>
    </message>
    <message>
        <source>Without a shift, a check-in stays open for (hours)</source>
        <translation>Không có ca, lượt vào được giữ mở trong (giờ)</translation>
    </message>
    <message>
        <source>Lock the admin pages after idle (minutes)</source>
        <translation>Khóa trang quản trị khi không dùng sau (phút)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>không bao giờ</translation>
    </message>
    <message>
        <source>store a face thumbnail with each check-in</source>
        <translation>lưu ảnh thu nhỏ khuôn mặt với mỗi lượt chấm công</translation>
    </message>
    <message>
        <source>keep enrolment photos (shown next to the live face in greetings)</source>
        <translation>giữ ảnh đăng ký (hiện cạnh khuôn mặt trực tiếp khi chào)</translation>
    </message>
    <message>
        <source>Language (when the app starts)</source>
        <translation>Ngôn ngữ (khi ứng dụng khởi động)</translation>
    </message>
    <message>
        <source>high contrast: white on black, yellow buttons, bold type</source>
        <translation>tương phản cao: chữ trắng trên nền đen, nút vàng, chữ đậm</translation>
    </message>
    <message>
        <source>chime on a check-in (and a lower tone on a refusal)</source>
        <translation>phát chuông khi chấm công (và âm trầm hơn khi bị từ chối)</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Face detector</source>
        <translation>Bộ dò khuôn mặt</translation>
    </message>
    <message>
        <source>Face recognizer</source>
        <translation>Bộ nhận diện khuôn mặt</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Nhận diện</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>Kiểm tra người thật</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Chấm công</translation>
    </message>
    <message>
        <source>Display and sound</source>
        <translation>Hiển thị và âm thanh</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Tất cả tệp</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>Tệp mô hình</translation>
    </message>
    <message>
        <source>Video file...</source>
        <translation>Tệp video...</translation>
    </message>
    <message>
        <source>Use this source</source>
        <translation>Dùng nguồn này</translation>
    </message>
    <message>
        <source>automatic (best present)</source>
        <translation>tự động (tốt nhất hiện có)</translation>
    </message>
    <message>
        <source>this computer: ...</source>
        <translation>máy tính này: ...</translation>
    </message>
    <message>
        <source>AdaFace only. auto: fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16</source>
        <translation>Chỉ cho AdaFace. tự động: fp16 trên CUDA, fp32 ở nơi khác; bf16 trên CPU hỗ trợ bf16</translation>
    </message>
    <message>
        <source>derive the threshold from the strangers allowed and the people enrolled</source>
        <translation>tính ngưỡng từ số người lạ cho phép và số người đã đăng ký</translation>
    </message>
    <message>
        <source>1 in </source>
        <translation>1 trên </translation>
    </message>
    <message>
        <source>How many strangers (visitors, couriers) may pass before one is taken for an employee</source>
        <translation>Bao nhiêu người lạ (khách, người giao hàng) đi qua thì có thể một người bị nhận nhầm là nhân viên</translation>
    </message>
    <message>
        <source>the mean live score a track must reach when it is not clear at once</source>
        <translation>điểm người thật trung bình mà một vệt theo dõi phải đạt khi chưa rõ ngay</translation>
    </message>
    <message>
        <source>Change admin PIN...</source>
        <translation>Đổi mã PIN quản trị...</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Camera index or video file</source>
        <translation>Số camera hoặc tệp video</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Bộ dò</translation>
    </message>
    <message>
        <source>Weights (registry name or file)</source>
        <translation>Trọng số (tên trong danh mục hoặc tệp)</translation>
    </message>
    <message>
        <source>Recognizer</source>
        <translation>Bộ nhận diện</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Precision (AdaFace)</source>
        <translation>Độ chính xác số (AdaFace)</translation>
    </message>
    <message>
        <source>Strangers taken for an employee</source>
        <translation>Người lạ bị nhận nhầm là nhân viên</translation>
    </message>
    <message>
        <source>Fixed match threshold (cosine)</source>
        <translation>Ngưỡng khớp cố định (cosine)</translation>
    </message>
    <message>
        <source>Live-score threshold</source>
        <translation>Ngưỡng điểm người thật</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>File...</source>
        <translation>Tệp...</translation>
    </message>
    <message>
        <source>this computer: {devices}</source>
        <translation>máy tính này: {devices}</translation>
    </message>
    <message>
        <source>Settings file: {file}</source>
        <translation>Tệp cài đặt: {file}</translation>
    </message>
    <message>
        <source>No open-set calibration for this recognizer: the threshold is fixed at {threshold}.</source>
        <translation>Không có hiệu chuẩn tập mở cho bộ nhận diện này: ngưỡng được cố định ở {threshold}.</translation>
    </message>
    <message>
        <source>1 stranger in {count}</source>
        <translation>1 trên {count} người lạ</translation>
    </message>
    <message>
        <source>no stranger</source>
        <translation>không người lạ nào</translation>
    </message>
    <message>
        <source>With {people} people enrolled, about {odds} would be taken for an employee (threshold {threshold}).</source>
        <translation>Với {people} người đã đăng ký, khoảng {odds} sẽ bị nhận nhầm là nhân viên (ngưỡng {threshold}).</translation>
    </message>
    <message>
        <source>This gallery is beyond what the calibration measured: the true rate may be higher.</source>
        <translation>Số người đăng ký vượt quá phạm vi đã hiệu chuẩn: tỷ lệ thực có thể cao hơn.</translation>
    </message>
    <message>
        <source>{kind} weights {weights}: neither a known model nor an existing file</source>
        <translation>Trọng số {kind} {weights}: không phải mô hình đã biết cũng không phải tệp có sẵn</translation>
    </message>
    <message>
        <source>a recognizer weights file needs its architecture: choose the recognizer</source>
        <translation>tệp trọng số bộ nhận diện cần kiến trúc của nó: hãy chọn bộ nhận diện</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Chưa lưu: {problem}</translation>
    </message>
    <message>
        <source>Not saved: cannot write {file}: {problem}</source>
        <translation>Chưa lưu: không ghi được {file}: {problem}</translation>
    </message>
    <message>
        <source>Saved to {file}</source>
        <translation>Đã lưu vào {file}</translation>
    </message>
    <message>
        <source>Choose a camera index or a video file first</source>
        <translation>Hãy chọn số camera hoặc tệp video trước</translation>
    </message>
    <message>
        <source>No such video file: {file}</source>
        <translation>Không có tệp video: {file}</translation>
    </message>
    <message>
        <source>Video source: {source}</source>
        <translation>Nguồn video: {source}</translation>
    </message>
    <message>
        <source>Choose a video file</source>
        <translation>Chọn tệp video</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>Chọn tệp mô hình</translation>
    </message>
    <message>
        <source>The admin PIN was changed</source>
        <translation>Đã đổi mã PIN quản trị</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Change a shift</source>
        <translation>Sửa ca</translation>
    </message>
    <message>
        <source>Add a shift</source>
        <translation>Thêm ca</translation>
    </message>
    <message>
        <source>Flexible: a number of hours any time from the start to the end, around a core time</source>
        <translation>Linh hoạt: làm đủ số giờ bất kỳ lúc nào từ giờ bắt đầu đến giờ kết thúc, quanh khung giờ chính</translation>
    </message>
    <message>
        <source> h</source>
        <translation> giờ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End (before the start: the next day)</source>
        <translation>Kết thúc (trước giờ bắt đầu: ngày hôm sau)</translation>
    </message>
    <message>
        <source>Unpaid break (minutes)</source>
        <translation>Nghỉ không lương (phút)</translation>
    </message>
    <message>
        <source>Grace for late and early (minutes)</source>
        <translation>Cho phép đi muộn và về sớm (phút)</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Các ngày</translation>
    </message>
    <message>
        <source>Hours a day (after the break)</source>
        <translation>Số giờ mỗi ngày (sau khi trừ nghỉ)</translation>
    </message>
    <message>
        <source>Core time</source>
        <translation>Khung giờ chính</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <source> (next day)</source>
        <translation> (ngày hôm sau)</translation>
    </message>
    <message>
        <source>{hours}:{minutes:02d} h, core {start}-{end}</source>
        <translation>{hours}:{minutes:02d} giờ, giờ chính {start}-{end}</translation>
    </message>
    <message>
        <source>No shift yet: punches pair by the open check-in</source>
        <translation>Chưa có ca: các lượt được ghép theo lượt vào đang mở</translation>
    </message>
    <message>
        <source>No holidays this year</source>
        <translation>Năm nay chưa có ngày lễ</translation>
    </message>
    <message>
        <source>No leave this year</source>
        <translation>Năm nay chưa có ngày nghỉ</translation>
    </message>
    <message>
        <source>Add shift…</source>
        <translation>Thêm ca…</translation>
    </message>
    <message>
        <source>Change shift…</source>
        <translation>Sửa ca…</translation>
    </message>
    <message>
        <source>Delete shift</source>
        <translation>Xóa ca</translation>
    </message>
    <message>
        <source>Give shift</source>
        <translation>Giao ca</translation>
    </message>
    <message>
        <source>Set department default</source>
        <translation>Đặt mặc định cho phòng ban</translation>
    </message>
    <message>
        <source>Shifts and who works which</source>
        <translation>Các ca và ai làm ca nào</translation>
    </message>
    <message>
        <source>Holiday name</source>
        <translation>Tên ngày lễ</translation>
    </message>
    <message>
        <source>Add holiday</source>
        <translation>Thêm ngày lễ</translation>
    </message>
    <message>
        <source>Import iCalendar…</source>
        <translation>Nhập iCalendar…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Company holidays</source>
        <translation>Ngày lễ của công ty</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Add leave</source>
        <translation>Thêm ngày nghỉ</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Nghỉ phép</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>Ca làm việc</translation>
    </message>
    <message>
        <source>(their department&apos;s)</source>
        <translation>(theo phòng ban)</translation>
    </message>
    <message>
        <source>(no default)</source>
        <translation>(không có mặc định)</translation>
    </message>
    <message>
        <source>Choose a shift in the list first.</source>
        <translation>Hãy chọn một ca trong danh sách trước.</translation>
    </message>
    <message>
        <source>Shift {name} changed.</source>
        <translation>Đã sửa ca {name}.</translation>
    </message>
    <message>
        <source>Shift {name} added.</source>
        <translation>Đã thêm ca {name}.</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Đang lưu</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Đang xóa</translation>
    </message>
    <message>
        <source>Shift {name} deleted; its people have none now.</source>
        <translation>Đã xóa ca {name}; những người làm ca này hiện không có ca.</translation>
    </message>
    <message>
        <source>Choose a holiday in the list first.</source>
        <translation>Hãy chọn một ngày lễ trong danh sách trước.</translation>
    </message>
    <message>
        <source>{day} ({name}) is a working day again.</source>
        <translation>{day} ({name}) lại là ngày làm việc.</translation>
    </message>
    <message>
        <source>Choose leave in the list first.</source>
        <translation>Hãy chọn một ngày nghỉ trong danh sách trước.</translation>
    </message>
    <message>
        <source>Delete leave</source>
        <translation>Xóa ngày nghỉ</translation>
    </message>
    <message>
        <source>Delete the leave of {code} ({kind}), {first} to {last}? Why?</source>
        <translation>Xóa ngày nghỉ của {code} ({kind}), từ {first} đến {last}? Vì sao?</translation>
    </message>
    <message>
        <source>The leave of {code} from {first} to {last} was deleted.</source>
        <translation>Đã xóa ngày nghỉ của {code} từ {first} đến {last}.</translation>
    </message>
    <message>
        <source>Nobody to give a shift to: enrol employees first.</source>
        <translation>Chưa có ai để giao ca: hãy đăng ký nhân viên trước.</translation>
    </message>
    <message>
        <source>No department yet: departments come from the employees.</source>
        <translation>Chưa có phòng ban: phòng ban lấy từ thông tin nhân viên.</translation>
    </message>
    <message>
        <source>Give the holiday a name.</source>
        <translation>Hãy đặt tên cho ngày lễ.</translation>
    </message>
    <message>
        <source>Import holidays</source>
        <translation>Nhập ngày lễ</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics);;All files (*)</source>
        <translation>Tệp iCalendar (*.ics);;Tất cả tệp (*)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Đang nhập</translation>
    </message>
    <message numerus="yes">
        <source>%Ln holiday(s) imported from {file}.</source>
        <translation>
            <numerusform>Đã nhập %Ln ngày lễ từ {file}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody to record leave for: enrol employees first.</source>
        <translation>Chưa có ai để ghi ngày nghỉ: hãy đăng ký nhân viên trước.</translation>
    </message>
    <message>
        <source>{code}: {kind}, {first} to {last}.</source>
        <translation>{code}: {kind}, từ {first} đến {last}.</translation>
    </message>
</context>
<context>
    <name>Value</name>
    <message>
        <source>in</source>
        <translation>vào</translation>
    </message>
    <message>
        <source>out</source>
        <translation>ra</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>tự động</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>thủ công</translation>
    </message>
    <message>
        <source>face</source>
        <translation>khuôn mặt</translation>
    </message>
    <message>
        <source>code</source>
        <translation>mã</translation>
    </message>
    <message>
        <source>void</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>vacation</source>
        <translation>nghỉ phép</translation>
    </message>
    <message>
        <source>sick</source>
        <translation>nghỉ ốm</translation>
    </message>
    <message>
        <source>other</source>
        <translation>khác</translation>
    </message>
    <message>
        <source>present</source>
        <translation>có mặt</translation>
    </message>
    <message>
        <source>late</source>
        <translation>đi muộn</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>vắng mặt</translation>
    </message>
    <message>
        <source>not in yet</source>
        <translation>chưa đến</translation>
    </message>
    <message>
        <source>missing check-out</source>
        <translation>thiếu lượt ra</translation>
    </message>
    <message>
        <source>missing check-in</source>
        <translation>thiếu lượt vào</translation>
    </message>
    <message>
        <source>on leave</source>
        <translation>đang nghỉ</translation>
    </message>
    <message>
        <source>holiday</source>
        <translation>ngày lễ</translation>
    </message>
    <message>
        <source>unscheduled</source>
        <translation>ngoài lịch</translation>
    </message>
    <message>
        <source>absent without leave</source>
        <translation>vắng mặt không phép</translation>
    </message>
    <message>
        <source>punches outside the shift</source>
        <translation>chấm công ngoài ca</translation>
    </message>
    <message>
        <source>shorter than half the shift</source>
        <translation>ngắn hơn nửa ca</translation>
    </message>
    <message>
        <source>punched at a kiosk whose clock was off</source>
        <translation>chấm công ở máy có đồng hồ bị lệch</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>mất liên lạc</translation>
    </message>
    <message>
        <source>backlog</source>
        <translation>tồn đọng</translation>
    </message>
    <message>
        <source>no liveness check</source>
        <translation>không kiểm tra người thật</translation>
    </message>
    <message>
        <source>clock off</source>
        <translation>đồng hồ lệch</translation>
    </message>
    <message>
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>ngừng hoạt động</translation>
    </message>
    <message>
        <source>live</source>
        <translation>người thật</translation>
    </message>
    <message>
        <source>attack</source>
        <translation>giả mạo</translation>
    </message>
    <message>
        <source>challenged</source>
        <translation>đang thử thách</translation>
    </message>
    <message>
        <source>off</source>
        <translation>tắt</translation>
    </message>
    <message>
        <source>detector</source>
        <translation>bộ dò</translation>
    </message>
    <message>
        <source>recognizer</source>
        <translation>bộ nhận diện</translation>
    </message>
    <message>
        <source>liveness</source>
        <translation>kiểm tra người thật</translation>
    </message>
    <message>
        <source>landmarks</source>
        <translation>điểm mốc khuôn mặt</translation>
    </message>
    <message>
        <source>on</source>
        <translation>bật</translation>
    </message>
    <message>
        <source>running</source>
        <translation>đang chạy</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>đang mở</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>đang kết nối lại</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>đã kết thúc</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>đã dừng</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>chưa chắc</translation>
    </message>
    <message>
        <source>system</source>
        <translation>hệ thống</translation>
    </message>
    <message>
        <source>the system&apos;s language</source>
        <translation>ngôn ngữ của hệ thống</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>quản trị viên</translation>
    </message>
    <message>
        <source>kiosk</source>
        <translation>máy chấm công</translation>
    </message>
    <message>
        <source>retention</source>
        <translation>hạn lưu trữ</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Tuần này</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Tuần trước</translation>
    </message>
    <message>
        <source>Last two weeks</source>
        <translation>Hai tuần qua</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Tháng này</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Tháng trước</translation>
    </message>
</context>
<context>
    <name>_ReasonForm</name>
    <message>
        <source>Why (required; kept in the audit log)</source>
        <translation>Lý do (bắt buộc; lưu trong nhật ký kiểm tra)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
</context>
</TS>
