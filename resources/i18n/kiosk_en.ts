<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AttendancePage</name>
    <message numerus="yes">
        <source>Attendance record verified: %n chained row(s), none changed outside the app.</source>
        <translation>
            <numerusform>Attendance record verified: %n chained row, none changed outside the app.</numerusform>
            <numerusform>Attendance record verified: %n chained rows, none changed outside the app.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %n event(s) to {file}</source>
        <translation>
            <numerusform>Writing %n event to {file}</numerusform>
            <numerusform>Writing %n events to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message numerus="yes">
        <source>%n employee(s)</source>
        <translation>
            <numerusform>%n employee</numerusform>
            <numerusform>%n employees</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n employee(s) found</source>
        <translation>
            <numerusform>%n employee found</numerusform>
            <numerusform>%n employees found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message numerus="yes">
        <source>Ready to save with %n photo(s).</source>
        <translation>
            <numerusform>Ready to save with %n photo.</numerusform>
            <numerusform>Ready to save with %n photos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KiosksPage</name>
    <message numerus="yes">
        <source>%n kiosk(s), all well.</source>
        <translation>
            <numerusform>%n kiosk, all well.</numerusform>
            <numerusform>%n kiosks, all well.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message numerus="yes">
        <source>%n holiday(s) imported from {file}.</source>
        <translation>
            <numerusform>%n holiday imported from {file}.</numerusform>
            <numerusform>%n holidays imported from {file}.</numerusform>
        </translation>
    </message>
</context>
</TS>
